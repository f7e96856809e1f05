import { test } from "node:test";
import assert from "node:assert/strict";
import { BadRequestError } from "../errors/BadRequestError.js";
import { toOllamaEmbedRequest } from "./toOllamaEmbedRequest.js";
import { toOllamaGenerateRequest } from "./toOllamaGenerateRequest.js";

function rejects(translate: () => unknown, message: RegExp): void {
    assert.throws(
        translate,
        (error: unknown) => error instanceof BadRequestError && message.test(error.message),
        `expected a 400 matching ${message}`
    );
}

test("completions: prompt, suffix, sampling and logprobs map to a streamed native generate", () => {
    const { ollama } = toOllamaGenerateRequest({
        model: "m",
        prompt: ["Once upon a time"],
        suffix: "The end.",
        max_tokens: 16,
        seed: 3,
        stop: ["\n"],
        logprobs: 2,
        echo: false
    });
    assert.deepEqual(ollama, {
        model: "m",
        prompt: "Once upon a time",
        stream: true,
        suffix: "The end.",
        options: { temperature: 1, top_p: 1, seed: 3, num_predict: 16, stop: ["\n"] },
        logprobs: true,
        top_logprobs: 2
    });
});

test("completions: what is not supported is a 400", () => {
    rejects(() => toOllamaGenerateRequest({ model: "m", prompt: ["a", "b"] }), /exactly one string \(got 2\)/);
    rejects(() => toOllamaGenerateRequest({ model: "m", prompt: [1, 2, 3] }), /token arrays are not supported/);
    rejects(() => toOllamaGenerateRequest({ model: "m", prompt: "x", echo: true }), /^echo is not supported$/);
    rejects(() => toOllamaGenerateRequest({ model: "m", prompt: "x", n: 3 }), /^n > 1 is not supported$/);
    rejects(() => toOllamaGenerateRequest({ model: "m", prompt: "x", best_of: 2 }), /^best_of > 1 is not supported$/);
    rejects(() => toOllamaGenerateRequest({ prompt: "x" }), /^model is required$/);
});

test("embeddings: strings pass, the format is float by default, token arrays and empty input are refused", () => {
    assert.deepEqual(toOllamaEmbedRequest({ model: "e", input: "hi", dimensions: 8 }), {
        openai: { model: "e", input: "hi", dimensions: 8, encodingFormat: "float" },
        ollama: { model: "e", input: ["hi"], truncate: true, dimensions: 8 }
    });
    assert.equal(toOllamaEmbedRequest({ model: "e", input: ["a", "b"], encoding_format: "base64" }).openai.encodingFormat, "base64");
    rejects(
        () => toOllamaEmbedRequest({ model: "e", input: "hi", encoding_format: "int8" }),
        /^Invalid value for 'encoding_format'.*"int8"/
    );
    rejects(() => toOllamaEmbedRequest({ model: "e", input: [1, 2, 3] }), /token arrays are not supported/);
    rejects(() => toOllamaEmbedRequest({ model: "e", input: [[1, 2]] }), /token arrays are not supported/);
    rejects(() => toOllamaEmbedRequest({ model: "e", input: [] }), /must not be empty/);
    rejects(() => toOllamaEmbedRequest({ model: "e", input: ["a", ""] }), /input\[1\] must not be an empty string/);
    rejects(() => toOllamaEmbedRequest({ model: "e", input: { text: "x" } }), /input must be a string or a list of strings/);
});
