/**
 * The embeddings path end to end on a real server and the real embedding model: batched
 * evaluation, micro-batching of concurrent requests (counted in `GET /api/stats`), the cache (hits,
 * misses, eviction by size, TTL), `dimensions` and `truncate`, and the three APIs agreeing.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Ollama } from "ollama";
import OpenAI from "openai";
import { startKettle, type Kettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";
import { writeFunctions } from "../testing/writeFunctions.js";

type Stats = {
    embeddings: {
        requests: number;
        inputs: number;
        shared: number;
        batches: number;
        batched_inputs: number;
        evaluations: number;
        cache: { hits: number; misses: number; entries: number; bytes: number; max_bytes: number; evictions: number; expirations: number };
    };
};

const sentences = [
    "Once upon a time there was a little girl.",
    "The dog ran to the park.",
    "Lily and Tom played with a big red ball.",
    "The sun was hot.",
    "She said hello to the bird.",
    "They went home and had soup."
];

async function stats(kettle: Kettle): Promise<Stats["embeddings"]> {
    const response = await fetch(`${kettle.url}/api/stats`);
    assert.equal(response.status, 200);
    return ((await response.json()) as Stats).embeddings;
}

async function embed(kettle: Kettle, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${kettle.url}/api/embed`, { method: "POST", body: JSON.stringify({ model: "embedder", ...body }) });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

function assertClose(actual: readonly number[], expected: readonly number[], what: string): void {
    assert.equal(actual.length, expected.length, `${what}: length`);
    actual.forEach((value, index) =>
        assert.ok(Math.abs(value - expected[index]!) < 1e-5, `${what}[${index}]: ${value} vs ${expected[index]}`)
    );
}

describe("embeddings: batching (cache off, a 50 ms window)", () => {
    let kettle: Kettle;
    let ollama: Ollama;
    before(async () => {
        const functions = writeFunctions({
            "near.ts": `export const onRequestPost = (ctx) => ctx.models.embed({ model: "embedder", input: ctx.body.texts });\n`,
            "far.ts": `export const onRequestPost = (ctx) => ctx.models.embed({ model: "embedder", input: ctx.body.texts });\n`
        });
        kettle = await startKettle({
            config: [
                "[embeddings]",
                'batch_window = "50ms"',
                "cache_max_bytes = 0",
                "[functions]",
                `dir = ${JSON.stringify(functions)}`,
                '[functions.routes."/near"]',
                'model = "embedder"'
            ].join("\n")
        });
        ollama = new Ollama({ host: kettle.url });
        await kettle.createModel("embedder", testModels.embed);
        await kettle.createModel("story", testModels.plain);
        await ollama.embed({ model: "embedder", input: "warm up" });
    });
    after(() => kettle?.stop());

    test("one request's inputs are evaluated together, and equal each input embedded alone", async () => {
        const before = await stats(kettle);
        const together = await ollama.embed({ model: "embedder", input: sentences });
        const middle = await stats(kettle);
        assert.equal(middle.evaluations - before.evaluations, 1, "six short inputs, one evaluation");
        assert.equal(middle.batched_inputs - before.batched_inputs, sentences.length);
        for (const [index, sentence] of sentences.entries()) {
            const alone = await ollama.embed({ model: "embedder", input: sentence });
            assertClose(together.embeddings[index]!, alone.embeddings[0]!, `input ${index}`);
        }
        assert.equal((await stats(kettle)).evaluations - middle.evaluations, sentences.length, "one by one: one evaluation each");
    });

    test("concurrent single-input requests within the window are micro-batched into one evaluation", async () => {
        const alone: number[][] = [];
        for (const sentence of sentences) alone.push((await ollama.embed({ model: "embedder", input: sentence })).embeddings[0]!);
        const before = await stats(kettle);
        const concurrent = await Promise.all(sentences.map((sentence) => ollama.embed({ model: "embedder", input: sentence })));
        const after = await stats(kettle);
        assert.equal(after.requests - before.requests, sentences.length);
        assert.equal(after.batches - before.batches, 1, "one batch for all six requests");
        assert.equal(after.evaluations - before.evaluations, 1, "one evaluation");
        concurrent.forEach((result, index) => assertClose(result.embeddings[0]!, alone[index]!, `request ${index}`));
    });

    test("a too-long input with truncate false is refused with Ollama's 400; its batch-mate is served", async () => {
        const long = "Once upon a time there was a dog. ".repeat(400);
        const [refused, served] = await Promise.all([
            embed(kettle, { input: long, truncate: false }),
            embed(kettle, { input: "The sun was hot." })
        ]);
        assert.equal(refused.status, 400);
        assert.deepEqual(refused.json, { error: "the input length exceeds the context length" });
        assert.equal(served.status, 200);
        const cut = await embed(kettle, { input: long });
        assert.equal(cut.status, 200, "truncate defaults to true");
        assert.ok((cut.json.prompt_eval_count as number) <= 2048, `cut to the context: ${String(cut.json.prompt_eval_count)}`);
    });

    test("dimensions cuts and re-normalises; out of range is a 400", async () => {
        const full = (await ollama.embed({ model: "embedder", input: sentences[0]! })).embeddings[0]!;
        const cut = (await ollama.embed({ model: "embedder", input: sentences[0]!, dimensions: 8 })).embeddings[0]!;
        assert.equal(cut.length, 8);
        const norm = Math.hypot(...full.slice(0, 8));
        assertClose(
            cut,
            full.slice(0, 8).map((value) => value / norm),
            "dimensions 8"
        );
        const tooMany = await embed(kettle, { input: "x", dimensions: 65 });
        assert.equal(tooMany.status, 400);
        assert.deepEqual(tooMany.json, { error: "dimensions must be between 1 and 64, got 65" });
    });

    test("the three APIs agree: /api/embed, the legacy /api/embeddings (raw), /v1/embeddings (floats and base64)", async () => {
        const native = (await ollama.embed({ model: "embedder", input: sentences[1]! })).embeddings[0]!;
        const legacy = (await ollama.embeddings({ model: "embedder", prompt: sentences[1]! })).embedding;
        const norm = Math.hypot(...legacy);
        assert.ok(Math.abs(norm - 1) > 1e-3, "the legacy vector is raw");
        assertClose(
            legacy.map((value) => value / norm),
            native,
            "legacy, normalised"
        );
        const openai = new OpenAI({ baseURL: `${kettle.url}/v1`, apiKey: "kettle" });
        const floats = await openai.embeddings.create({ model: "embedder", input: [sentences[1]!], encoding_format: "float" });
        assertClose(floats.data[0]!.embedding, native, "openai float");
        const base64 = await openai.embeddings.create({ model: "embedder", input: sentences[1]! });
        assertClose(base64.data[0]!.embedding, native, "openai base64");
        assert.ok(floats.usage.prompt_tokens > 0);
    });

    test("ctx.models.embed: through the service from another worker, and in the function's own worker when it holds the model", async () => {
        const native = (await ollama.embed({ model: "embedder", input: sentences.slice(0, 2) })).embeddings;
        const json = { "content-type": "application/json" };
        const before = await stats(kettle);
        const far = await fetch(`${kettle.url}/far`, {
            method: "POST",
            headers: json,
            body: JSON.stringify({ texts: sentences.slice(0, 2) })
        });
        assert.equal(far.status, 200);
        const farBody = (await far.json()) as { embeddings: number[][] };
        const middle = await stats(kettle);
        assert.equal(middle.requests - before.requests, 1, "the far function's call went through the embeddings service");
        const near = await fetch(`${kettle.url}/near`, {
            method: "POST",
            headers: json,
            body: JSON.stringify({ texts: sentences.slice(0, 2) })
        });
        assert.equal(near.status, 200);
        const nearBody = (await near.json()) as { embeddings: number[][] };
        assert.equal((await stats(kettle)).requests - middle.requests, 0, "the near one ran beside its model");
        native.forEach((vector, index) => {
            assertClose(farBody.embeddings[index]!, vector, `far ${index}`);
            assertClose(nearBody.embeddings[index]!, vector, `near ${index}`);
        });
    });
});

describe("embeddings: the cache (about three entries, a 1 s TTL)", () => {
    let kettle: Kettle;
    let ollama: Ollama;
    before(async () => {
        kettle = await startKettle({ config: '[embeddings]\ncache_max_bytes = 1500\ncache_ttl = "1s"\n' });
        ollama = new Ollama({ host: kettle.url });
        await kettle.createModel("embedder", testModels.embed);
    });
    after(() => kettle?.stop());

    test("a repeated input is a hit that does not touch the model, even when it is unloaded", async () => {
        const first = await ollama.embed({ model: "embedder", input: sentences[0]! });
        const before = await stats(kettle);
        // Unloaded: an empty input with keep_alive 0 loads nothing new and unloads it.
        await ollama.embed({ model: "embedder", input: [], keep_alive: 0 });
        assert.equal((await ollama.ps()).models.length, 0, "the model is unloaded");
        const again = await ollama.embed({ model: "embedder", input: sentences[0]! });
        const after = await stats(kettle);
        assert.deepEqual(again.embeddings, first.embeddings);
        assert.equal(again.prompt_eval_count, first.prompt_eval_count, "token counts are cached too");
        assert.equal(after.cache.hits - before.cache.hits, 1);
        assert.equal(after.evaluations, before.evaluations, "no evaluation");
        assert.equal((await ollama.ps()).models.length, 0, "and no load");
        // A different dimensions or API reads the same entry.
        const cut = await ollama.embed({ model: "embedder", input: sentences[0]!, dimensions: 4 });
        assert.equal(cut.embeddings[0]!.length, 4);
        assert.equal((await stats(kettle)).cache.hits - after.cache.hits, 1);
    });

    test("misses fill it up to its size in bytes; the least recently used entries are evicted", async () => {
        const before = await stats(kettle);
        await ollama.embed({ model: "embedder", input: sentences.slice(1, 6) });
        const after = await stats(kettle);
        assert.equal(after.cache.misses - before.cache.misses, 5);
        assert.ok(after.cache.bytes <= after.cache.max_bytes, `${after.cache.bytes} <= ${after.cache.max_bytes}`);
        assert.equal(after.cache.entries, 3);
        assert.ok(after.cache.evictions - before.cache.evictions >= 2, JSON.stringify(after.cache));
        await ollama.embed({ model: "embedder", input: sentences[1]! });
        assert.equal((await stats(kettle)).cache.misses - after.cache.misses, 1, "an evicted input is a miss again");
    });

    test("entries expire after the TTL", async () => {
        await ollama.embed({ model: "embedder", input: "The end." });
        const before = await stats(kettle);
        await ollama.embed({ model: "embedder", input: "The end." });
        assert.equal((await stats(kettle)).cache.hits - before.cache.hits, 1, "fresh: a hit");
        await new Promise((resolve) => setTimeout(resolve, 1100));
        const stale = await stats(kettle);
        await ollama.embed({ model: "embedder", input: "The end." });
        const after = await stats(kettle);
        assert.equal(after.cache.misses - stale.cache.misses, 1, "expired: a miss");
        assert.ok(after.cache.expirations > stale.cache.expirations);
    });
});
