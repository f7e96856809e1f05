/**
 * The embeddings service against a scripted backend (the seam the dispatcher fills with the
 * scheduler and the workers): batching, sharing, the cache and cancellation, deterministically.
 * test/embeddings.test.ts covers the same path end to end on a real server and model.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { EmbedItem } from "../engine/types.js";
import { BadRequestError } from "../errors/BadRequestError.js";
import { RequestCanceledError } from "../errors/RequestCanceledError.js";
import type { EmbeddingBackend, EmbeddingPlacement } from "./EmbeddingBackend.js";
import { EmbeddingService, type EmbeddingServiceSettings } from "./EmbeddingService.js";

const placement: EmbeddingPlacement = { key: "m", digest: "a".repeat(64), contextSize: 2048, replicas: 1 };

/**
 * A backend with one slot, as an embedding model's worker has, whose batches finish when the test
 * says (or at once), recording what each carried.
 */
function scriptedBackend(options: { manual?: boolean } = {}) {
    const batches: string[][] = [];
    const finish: (() => void)[] = [];
    let acquired = 0;
    let slotFree: Promise<void> = Promise.resolve();
    const backend: EmbeddingBackend = {
        place: async () => placement,
        acquire: async () => {
            const previous = slotFree;
            let free!: () => void;
            slotFree = new Promise<void>((resolve) => (free = resolve));
            await previous;
            acquired++;
            return {
                run: async (items: EmbedItem[]) => {
                    batches.push(items.map((item) => item.text));
                    if (options.manual) await new Promise<void>((resolve) => finish.push(resolve));
                    free();
                    return {
                        items: items.map((item) =>
                            item.text === "too long" && !item.truncate
                                ? { error: new BadRequestError("the input length exceeds the context length") }
                                : { vector: Float32Array.of(item.text.length, 1, 0), tokens: item.text.length }
                        ),
                        evaluations: 1,
                        loadDurationNs: 0
                    };
                },
                release: () => free()
            };
        }
    };
    return { backend, batches, finish, acquired: () => acquired };
}

const settings = (extra: Partial<EmbeddingServiceSettings> = {}): EmbeddingServiceSettings => ({
    batchWindowMs: 20,
    maxBatch: 64,
    cacheMaxBytes: 1 << 20,
    cacheTtlMs: Infinity,
    ...extra
});
const request = (inputs: string[], extra = {}) => ({ model: "m", inputs, truncate: true, normalize: false, ...extra });
const never = new AbortController().signal;

test("requests arriving within the window share one batch; each gets its own vectors in order", async () => {
    const { backend, batches } = scriptedBackend();
    const service = new EmbeddingService(backend, settings());
    const results = await Promise.all([
        service.embed(request(["a"]), never),
        service.embed(request(["bb", "ccc"]), never),
        service.embed(request(["dddd"]), never)
    ]);
    assert.deepEqual(batches, [["a", "bb", "ccc", "dddd"]]);
    assert.deepEqual(results[1]!.embeddings, [
        [2, 1, 0],
        [3, 1, 0]
    ]);
    assert.equal(results[1]!.promptEvalCount, 5);
    assert.deepEqual(service.stats().batches, 1);
    assert.deepEqual(service.stats().evaluations, 1);
});

test("inputs arriving while a batch runs gather for the next one", async () => {
    const { backend, batches, finish } = scriptedBackend({ manual: true });
    const service = new EmbeddingService(backend, settings({ batchWindowMs: 0 }));
    const first = service.embed(request(["a"]), never);
    while (batches.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const later = ["b", "c", "d"].map((text) => service.embed(request([text]), never));
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(batches.length, 1, "the next batch waits for the running one");
    finish.shift()!();
    await first;
    while (batches.length < 2) await new Promise((resolve) => setImmediate(resolve));
    finish.shift()!();
    await Promise.all(later);
    assert.deepEqual(batches, [["a"], ["b", "c", "d"]]);
});

test("max_batch splits a large request", async () => {
    const { backend, batches } = scriptedBackend();
    const service = new EmbeddingService(backend, settings({ maxBatch: 2 }));
    const result = await service.embed(request(["a", "b", "c", "d", "e"]), never);
    assert.deepEqual(batches, [["a", "b"], ["c", "d"], ["e"]]);
    assert.equal(result.embeddings.length, 5);
});

test("the same input in flight is evaluated once; afterwards it is a cache hit that never reaches the backend", async () => {
    const { backend, batches, acquired } = scriptedBackend();
    const service = new EmbeddingService(backend, settings());
    await Promise.all([service.embed(request(["same", "other"]), never), service.embed(request(["same"]), never)]);
    assert.deepEqual(batches, [["same", "other"]]);
    assert.equal(service.stats().shared, 1);
    const before = acquired();
    const hit = await service.embed(request(["same"], { normalize: true, dimensions: 1 }), never);
    assert.deepEqual(hit.embeddings, [[1]], "cut to 1 dimension and normalised from the cached raw vector");
    assert.equal(acquired(), before, "a hit acquires nothing");
    assert.equal(service.stats().cache.hits, 1);
    assert.equal(service.stats().cache.misses, 3);
});

test("a request cancelled while its inputs wait takes them out of the queue", async () => {
    const { backend, batches, acquired } = scriptedBackend();
    const service = new EmbeddingService(backend, settings({ batchWindowMs: 30 }));
    const controller = new AbortController();
    const cancelled = service.embed(request(["gone"]), controller.signal);
    const kept = service.embed(request(["kept"]), never);
    controller.abort();
    await assert.rejects(cancelled, RequestCanceledError);
    await kept;
    assert.deepEqual(batches, [["kept"]]);
    assert.equal(acquired(), 1);
});

test("a refused input fails its own request only", async () => {
    const { backend, batches } = scriptedBackend();
    const service = new EmbeddingService(backend, settings());
    const [refused, fine] = await Promise.allSettled([
        service.embed(request(["too long"], { truncate: false }), never),
        service.embed(request(["fine"]), never)
    ]);
    assert.equal(batches.length, 1, "they shared a batch");
    assert.equal(refused.status, "rejected");
    assert.match(String((refused as PromiseRejectedResult).reason), /exceeds the context length/);
    assert.equal(fine.status, "fulfilled");
    assert.equal(service.stats().cache.entries, 1, "the refusal is not cached");
});
