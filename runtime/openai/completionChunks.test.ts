import { test } from "node:test";
import assert from "node:assert/strict";
import { completionChunks } from "./completionChunks.js";
import { embeddingList, encodeFloat32Base64 } from "./embeddingList.js";
import type { ResponseChunk } from "../ollama/types.js";
import { textCompletion } from "./textCompletion.js";

const meta = { id: "cmpl-test", created: 1700000000, model: "m", includeUsage: true };

const native: ResponseChunk[] = [
    {
        response: "Once",
        logprobs: [
            {
                token: "Once",
                logprob: -1,
                top_logprobs: [
                    { token: "Once", logprob: -1 },
                    { token: "One", logprob: -2 }
                ]
            }
        ]
    },
    { response: " upon", thinking: "never shown", logprobs: [{ token: " upon", logprob: -0.5, top_logprobs: [] }] },
    { response: "", done: true, done_reason: "length", prompt_eval_count: 4, eval_count: 2 }
];

async function* items<T>(values: T[]): AsyncGenerator<T> {
    yield* values;
}

test("completion chunks: text pieces with legacy logprobs, a finish chunk, then usage", async () => {
    const chunks = [];
    for await (const chunk of completionChunks(items(native), meta)) chunks.push(chunk);
    assert.deepEqual(
        chunks.map((chunk) => chunk.choices.map((choice) => [choice.text, choice.finish_reason])),
        [[["Once", null]], [[" upon", null]], [["", "length"]], []]
    );
    assert.deepEqual(chunks[1]!.choices[0]!.logprobs, { tokens: [" upon"], token_logprobs: [-0.5], top_logprobs: [{}], text_offset: [4] });
    assert.deepEqual(chunks.at(-1)!.usage, { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 });
    assert.ok(chunks.every((chunk) => chunk.object === "text_completion" && chunk.id === "cmpl-test"));
});

test("textCompletion gathers the text and the logprobs", async () => {
    const completion = await textCompletion(items(native), meta);
    assert.deepEqual(completion.choices, [
        {
            text: "Once upon",
            index: 0,
            finish_reason: "length",
            logprobs: {
                tokens: ["Once", " upon"],
                token_logprobs: [-1, -0.5],
                top_logprobs: [{ Once: -1, One: -2 }, {}],
                text_offset: [0, 4]
            }
        }
    ]);
});

test("embeddings: base64 is little-endian float32, and decodes back to the vector", () => {
    const vector = [0.5, -0.25, 1 / 3];
    const encoded = encodeFloat32Base64(vector);
    const bytes = Buffer.from(encoded, "base64");
    assert.equal(bytes.length, 12);
    assert.equal(bytes.readFloatLE(0), 0.5);
    assert.equal(bytes.readFloatLE(4), -0.25);
    assert.equal(bytes.readFloatLE(8), Math.fround(1 / 3));
    const list = embeddingList({ embeddings: [vector, [1]], prompt_eval_count: 5 }, "e", "float");
    assert.deepEqual(list, {
        object: "list",
        data: [
            { object: "embedding", embedding: vector, index: 0 },
            { object: "embedding", embedding: [1], index: 1 }
        ],
        model: "e",
        usage: { prompt_tokens: 5, total_tokens: 5 }
    });
});
