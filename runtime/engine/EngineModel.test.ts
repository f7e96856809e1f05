import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { EngineModel } from "./EngineModel.js";
import { renderChatPrompt } from "./renderChatPrompt.js";
import { renderGeneratePrompt } from "./renderGeneratePrompt.js";
import type { EmbedBatchResult } from "./types.js";
import { BadRequestError } from "../errors/BadRequestError.js";
import { collect, definitionFor, loadTestEngine } from "../../testing/testEngine.js";
import { testModels } from "../../testing/testModels.js";

const lily = ", there was a little girl named Lily. She loved to play outside in the park.";
const greedy = { temperature: 0 };

const load = loadTestEngine;

const never = new AbortController().signal;

describe("generate on stories260K (no template)", () => {
    let engine: EngineModel;
    before(async () => {
        engine = await load(definitionFor(testModels.plain), { num_ctx: 512 }, 2);
    });
    after(() => engine.dispose());

    test("greedy generation from 'Once upon a time' tells the Lily story, with Ollama's stats", async () => {
        const { text, stats } = await collect(
            engine.generate({ prompt: "Once upon a time", options: { ...greedy, num_predict: 40 } }, never)
        );
        assert.ok(text.startsWith(lily), JSON.stringify(text));
        assert.equal(stats.promptEvalCount, 5, "BOS + 4 prompt tokens");
        for (const key of ["promptEvalCount", "promptEvalDurationNs", "evalCount", "evalDurationNs"] as const) {
            assert.ok(Number.isInteger(stats[key]) && stats[key] > 0, `${key} = ${stats[key]}`);
        }
        assert.equal(stats.context?.length, stats.promptEvalCount + stats.evalCount);
        assert.ok(engine.sizeBytes > 1_000_000);
        assert.equal(engine.vramBytes, 0);
    });

    test("num_predict limits the tokens and ends with done_reason length", async () => {
        const { stats } = await collect(engine.generate({ prompt: "Once upon a time", options: { ...greedy, num_predict: 5 } }, never));
        assert.equal(stats.evalCount, 5);
        assert.equal(stats.doneReason, "length");
    });

    test("a stop sequence ends the text before it, with done_reason stop", async () => {
        const { text, stats } = await collect(
            engine.generate({ prompt: "Once upon a time", options: { ...greedy, num_predict: 40, stop: ["Lily"] } }, never)
        );
        assert.equal(text, ", there was a little girl named ");
        assert.equal(stats.doneReason, "stop");
    });

    test("context from a response continues the generation; raw mode returns no context", async () => {
        const first = await collect(engine.generate({ prompt: "Once upon a time", options: { ...greedy, num_predict: 6 } }, never));
        const context = first.stats.context!;
        const second = await collect(engine.generate({ prompt: "", context, options: { ...greedy, num_predict: 30 } }, never));
        assert.ok((first.text + second.text).startsWith(lily), JSON.stringify(first.text + second.text));
        assert.deepEqual(second.stats.context?.slice(0, context.length), context);
        assert.ok(second.stats.cachedPromptCount! >= context.length - 1, "the slot still held the first request's tokens");

        await assert.rejects(
            collect(engine.generate({ prompt: "x", context: [1, 99999], options: greedy }, never)),
            (error: unknown) => error instanceof BadRequestError && /99999 is not a token/.test(error.message)
        );

        const raw = await collect(
            engine.generate({ prompt: "Once upon a time", raw: true, options: { ...greedy, num_predict: 3 } }, never)
        );
        assert.equal(raw.stats.context, undefined);
    });

    test("a repeated prompt reuses the KV cache of its prefix", async () => {
        const request = { prompt: "The cat sat on the mat and looked at the bird", options: { ...greedy, num_predict: 2 } };
        const first = await collect(engine.generate(request, never));
        const second = await collect(engine.generate(request, never));
        assert.equal(second.stats.promptEvalCount, first.stats.promptEvalCount);
        assert.equal(second.stats.cachedPromptCount, second.stats.promptEvalCount - 1, "only the last prompt token is evaluated again");
        assert.ok(second.stats.cachedPromptCount! > first.stats.cachedPromptCount!);
        assert.equal(second.text, first.text);
    });

    test("the system prompt goes before the prompt when there is no template", async () => {
        const prompt = renderGeneratePrompt(engine.llamaModel, definitionFor(testModels.plain, { system: "Be brief." }), {
            prompt: "Once upon a time"
        });
        assert.equal(prompt.text, "Be brief.\n\nOnce upon a time");
        assert.equal(prompt.tokens[0], engine.llamaModel.tokens.bos);
    });

    test("abort stops the generation with an AbortError and frees the slot", async () => {
        const controller = new AbortController();
        const generation = engine.generate({ prompt: "Once upon a time", options: { ...greedy, num_predict: -1 } }, controller.signal);
        assert.equal((await generation.next()).done, false);
        controller.abort();
        await assert.rejects(generation.next(), { name: "AbortError" });
        assert.equal(engine.freeSlots, 2);
        const again = await collect(engine.generate({ prompt: "Once upon a time", options: { ...greedy, num_predict: 40 } }, never));
        assert.ok(again.text.startsWith(lily));
    });

    test("a request waiting for a slot can be aborted; requests queue when all slots are busy", async () => {
        const busy = [1, 2].map(() => engine.generate({ prompt: "Once upon a time", options: { ...greedy, num_predict: 50 } }, never));
        for (const generation of busy) assert.equal((await generation.next()).done, false); // each now holds a slot
        assert.equal(engine.freeSlots, 0);
        const controller = new AbortController();
        const waiting = engine.generate({ prompt: "Once", options: greedy }, controller.signal).next();
        setTimeout(() => controller.abort(), 20);
        await assert.rejects(waiting, { name: "AbortError" });
        const queued = collect(engine.generate({ prompt: "Once upon a time", options: { ...greedy, num_predict: 3 } }, never));
        await busy[0]!.return(undefined as never); // the consumer stops reading: the slot goes to the queued request
        assert.equal((await queued).stats.evalCount, 3);
        await busy[1]!.return(undefined as never);
        assert.equal(engine.freeSlots, 2);
    });

    test("two concurrent requests share the context's two sequences and both complete", async () => {
        const [a, b] = await Promise.all([
            collect(engine.generate({ prompt: "Once upon a time", options: { ...greedy, num_predict: 40 } }, never)),
            collect(engine.generate({ prompt: "The dog", options: { ...greedy, num_predict: 20 } }, never))
        ]);
        assert.ok(a.text.startsWith(lily));
        assert.equal(b.stats.evalCount, 20);
        assert.ok(b.text.length > 0);
    });

    test("format json constrains the output to JSON", async () => {
        const { text } = await collect(
            engine.generate({ prompt: "Once upon a time", format: "json", options: { ...greedy, num_predict: 30 } }, never)
        );
        assert.match(text, /^\s*[{[]/);
    });

    test("chat without any template falls back to a generic layout and generates", async () => {
        const { stats } = await collect(
            engine.chat({ messages: [{ role: "user", content: "Hi" }], options: { ...greedy, num_predict: 5 } }, never)
        );
        assert.ok(stats.promptEvalCount > 3);
        assert.equal(stats.context, undefined);
    });
});

test("generation stops with done_reason length when the context is full; a too-long prompt keeps its start and end", async () => {
    const engine = await load(definitionFor(testModels.plain), { num_ctx: 64 });
    try {
        // node-llama-cpp rounds its context up to 256; the request's num_ctx still applies.
        const full = await collect(engine.generate({ prompt: "Once upon a time", options: { ...greedy, num_predict: -1 } }, never));
        assert.equal(full.stats.doneReason, "length");
        assert.equal(full.stats.promptEvalCount + full.stats.evalCount, 64);

        const long = await collect(engine.generate({ prompt: "Once upon a time ".repeat(30), options: { ...greedy, num_keep: 5 } }, never));
        assert.equal(long.stats.promptEvalCount, 63);
        const model = engine.llamaModel;
        const start = [model.tokens.bos, ...model.tokenize("Once upon a time")];
        assert.deepEqual(long.stats.context?.slice(0, 5), start, "num_keep 5: BOS and the first words survive");
        assert.deepEqual(long.stats.context?.slice(60, 63), model.tokenize("Once upon a time ".repeat(30)).slice(-3), "and the end");
        assert.equal(long.stats.doneReason, "length");
    } finally {
        await engine.dispose();
    }
});

describe("chat templates from the GGUF", () => {
    test("ChatML: renders <|im_start|> turns with the Modelfile SYSTEM and MESSAGEs, stops on <|im_end|>", async () => {
        const definition = definitionFor(testModels.chatml, {
            system: "Be kind.",
            messages: [
                { role: "user", content: "Who are you?" },
                { role: "assistant", content: "A story." }
            ]
        });
        const engine = await load(definition, { num_ctx: 512 });
        try {
            const prompt = renderChatPrompt(engine.llamaModel, definition, { messages: [{ role: "user", content: "Hi" }] });
            assert.ok(prompt.text.includes("<|im_start|>system\nBe kind.<|im_end|>"), prompt.text);
            assert.ok(prompt.text.includes("<|im_start|>user\nWho are you?<|im_end|>\n<|im_start|>assistant\nA story."), prompt.text);
            assert.ok(prompt.text.endsWith("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"), prompt.text);
            assert.ok(prompt.stop.includes("<|im_end|>"));

            const own = renderChatPrompt(engine.llamaModel, definition, {
                messages: [
                    { role: "system", content: "Be short." },
                    { role: "user", content: "Hi" }
                ]
            });
            assert.ok(!own.text.includes("Be kind."), "a request system message replaces the Modelfile SYSTEM");

            const { stats } = await collect(
                engine.chat({ messages: [{ role: "user", content: "Hi" }], options: { ...greedy, num_predict: 8 } }, never)
            );
            assert.equal(stats.promptEvalCount, prompt.tokens.length);
            assert.ok(stats.evalCount > 0);

            const generated = renderGeneratePrompt(engine.llamaModel, definition, { prompt: "Tell a story" });
            assert.ok(generated.text.includes("<|im_start|>user\nTell a story<|im_end|>\n<|im_start|>assistant\n"), generated.text);
        } finally {
            await engine.dispose();
        }
    });

    test("zephyr (Jinja): renders <|user|> turns and generates", async () => {
        const definition = definitionFor(testModels.zephyr);
        const engine = await load(definition, { num_ctx: 512 });
        try {
            const prompt = renderChatPrompt(engine.llamaModel, definition, { messages: [{ role: "user", content: "Hi" }] });
            assert.ok(prompt.text.includes("<|user|>\nHi</s>\n<|assistant|>\n"), prompt.text);
            assert.equal(prompt.tokens[0], engine.llamaModel.tokens.bos, "BOS, as llama.cpp adds it");
            const { stats } = await collect(
                engine.chat({ messages: [{ role: "user", content: "Hi" }], options: { ...greedy, num_predict: 8 } }, never)
            );
            assert.equal(stats.promptEvalCount, prompt.tokens.length);
            assert.ok(stats.evalCount > 0);
        } finally {
            await engine.dispose();
        }
    });
});

test("a Go TEMPLATE from the definition or the request renders the prompt", async () => {
    const definition = definitionFor(testModels.chatml, {
        template: "{{ if .System }}<<{{ .System }}>> {{ end }}Q: {{ .Prompt }} A:",
        system: "Sys"
    });
    const engine = await load(definition, { num_ctx: 256 });
    try {
        const prompt = renderGeneratePrompt(engine.llamaModel, definition, { prompt: "Once upon a time" });
        assert.equal(prompt.text, "<<Sys>> Q: Once upon a time A:");
        const own = renderGeneratePrompt(engine.llamaModel, definition, { prompt: "x", template: "[{{ .Prompt }}]" });
        assert.equal(own.text, "[x]");
        const chat = renderChatPrompt(
            engine.llamaModel,
            { ...definition, template: "{{ range .Messages }}{{ .Role }}={{ .Content }};{{ end }}" },
            { messages: [{ role: "user", content: "Hi" }] }
        );
        assert.equal(chat.text, "system=Sys;user=Hi;");
        const { stats } = await collect(engine.generate({ prompt: "Once upon a time", options: { ...greedy, num_predict: 3 } }, never));
        assert.equal(stats.evalCount, 3);
    } finally {
        await engine.dispose();
    }
});

describe("embed on stories260K (no pooling: the last token's output)", () => {
    const text = "Once upon a time there was a little dog who liked to run in the park with his friend. ".repeat(4);

    test("an input longer than one batch is evaluated in chunks and equals the input in one batch", async () => {
        const definition = definitionFor(testModels.plain);
        const chunked = await load(definition, { num_ctx: 256, num_batch: 16 });
        // Under 128 tokens a batch cannot be padded for flash attention, so both run without it (see EmbeddingEvaluator).
        const whole = await load(definition, { num_ctx: 256, num_batch: 120 });
        try {
            assert.ok(chunked.countTokens(text) > 16, "longer than the small batch");
            assert.ok(chunked.countTokens(text) <= 120, "within the whole batch");
            const [a] = (await chunked.embed([{ text, truncate: true }], never)).items;
            const [b] = (await whole.embed([{ text, truncate: true }], never)).items;
            assert.ok(a && "vector" in a && b && "vector" in b);
            assert.equal(a.tokens, b.tokens);
            assert.equal(a.vector.length, 64);
            a.vector.forEach((value, at) => assert.ok(Math.abs(value - b.vector[at]!) < 1e-3, `value ${at}: ${value} vs ${b.vector[at]}`));
        } finally {
            await chunked.dispose();
            await whole.dispose();
        }
    });
});

describe("embed on stories260K-embed-mean", () => {
    let engine: EngineModel;
    const long = "Once upon a time there was a dog. ".repeat(40);
    before(async () => {
        engine = await load(definitionFor(testModels.embed, { capabilities: ["embedding"] }), { num_ctx: 128 });
    });
    after(() => engine.dispose());

    const vectorsOf = (result: EmbedBatchResult) =>
        result.items.map((item) => {
            assert.ok("vector" in item, "error" in item ? item.error.message : "no vector");
            return item.vector;
        });

    test("returns one raw 64-dimensional vector and the token count per input", async () => {
        const result = await engine.embed(
            [
                { text: "Hello there", truncate: true },
                { text: "The dog ran", truncate: true }
            ],
            never
        );
        const vectors = vectorsOf(result);
        assert.equal(vectors.length, 2);
        for (const vector of vectors) assert.equal(vector.length, 64);
        assert.notDeepEqual(vectors[0], vectors[1]);
        assert.ok(result.items.every((item) => "tokens" in item && item.tokens > 2));
    });

    test("inputs evaluated together equal each evaluated alone", async () => {
        const texts = ["Hello there", "The dog ran to the park", "Once upon a time", "x", "Lily and Tom played with a big red ball"];
        const together = await engine.embed(
            texts.map((text) => ({ text, truncate: true })),
            never
        );
        assert.equal(together.evaluations, 1, "five short inputs fit one evaluation");
        const alone = await Promise.all(texts.map((text) => engine.embed([{ text, truncate: true }], never)));
        vectorsOf(together).forEach((vector, index) => {
            const single = vectorsOf(alone[index]!)[0]!;
            vector.forEach((value, at) =>
                assert.ok(Math.abs(value - single[at]!) < 1e-4, `input ${index} value ${at}: ${value} vs ${single[at]}`)
            );
        });
    });

    test("an input longer than the context is cut, or refused when truncate is false", async () => {
        assert.ok(engine.countTokens(long) > 128);
        const result = await engine.embed([{ text: long, truncate: true }], never);
        const [item] = result.items;
        assert.ok(item && "vector" in item && item.vector.length === 64 && item.tokens <= 128);
        const refused = await engine.embed(
            [
                { text: long, truncate: false },
                { text: "short", truncate: false }
            ],
            never
        );
        const first = refused.items[0]!;
        assert.ok("error" in first && first.error instanceof BadRequestError, "refused with a typed error (400 where it is answered)");
        assert.equal(first.error.message, "the input length exceeds the context length");
        assert.ok("vector" in refused.items[1]!, "the other input is still embedded");
    });
});
