/**
 * @module EmbeddingService
 * The control plane's embeddings path, shared by `/api/embed`, `/api/embeddings`,
 * `/v1/embeddings` and `ctx.models.embed`: each input is looked up in the {@link EmbeddingCache}
 * (a hit returns without touching the model), inputs already on their way to the model are
 * shared, and the rest join the model's {@link EmbeddingQueue}, where concurrent requests'
 * inputs are evaluated together. Vectors come back raw and are cut and normalised per request.
 */
import { RequestCanceledError } from "../errors/RequestCanceledError.js";
import type { EmbeddingBackend, EmbeddingPlacement } from "./EmbeddingBackend.js";
import { EmbeddingCache, type CachedEmbedding, type EmbeddingCacheStats } from "./EmbeddingCache.js";
import { EmbeddingQueue, PendingEmbedding } from "./EmbeddingQueue.js";
import type { EmbedOutcome, EmbedRequest, Embedder } from "./Embedder.js";
import { shapeEmbedding } from "./shapeEmbedding.js";

export type EmbeddingServiceSettings = {
    /** How long the first input of a batch waits for others, in ms. */
    batchWindowMs: number;
    /** Most inputs sent to the model together. */
    maxBatch: number;
    cacheMaxBytes: number;
    cacheTtlMs: number;
    /** The cache's clock (a test seam). */
    now?: () => number;
};

/** What `GET /api/stats` shows of embeddings. */
export type EmbeddingStats = {
    requests: number;
    inputs: number;
    cache: EmbeddingCacheStats;
    /** Inputs that arrived while the same input was already on its way to the model. */
    shared: number;
    /** Batches sent to workers, the inputs they carried, and the model evaluations they took. */
    batches: number;
    batched_inputs: number;
    evaluations: number;
};

export class EmbeddingService<P extends EmbeddingPlacement = EmbeddingPlacement> implements Embedder {
    readonly #backend: EmbeddingBackend<P>;
    readonly #settings: EmbeddingServiceSettings;
    readonly #cache: EmbeddingCache;
    readonly #queues = new Map<string, EmbeddingQueue<P>>();
    /** Inputs queued or being evaluated, by cache key. */
    readonly #inFlight = new Map<string, PendingEmbedding>();
    #counts = { requests: 0, inputs: 0, shared: 0, batches: 0, batchedInputs: 0, evaluations: 0 };

    constructor(backend: EmbeddingBackend<P>, settings: EmbeddingServiceSettings) {
        this.#backend = backend;
        this.#settings = settings;
        this.#cache = new EmbeddingCache({
            maxBytes: settings.cacheMaxBytes,
            ttlMs: settings.cacheTtlMs,
            ...(settings.now ? { now: settings.now } : {})
        });
    }

    async embed(request: EmbedRequest, signal: AbortSignal): Promise<EmbedOutcome> {
        const placement = await this.#backend.place(request);
        if (signal.aborted) throw new RequestCanceledError();
        this.#counts.requests++;
        if (request.inputs.length === 0) return { embeddings: [], promptEvalCount: 0, loadDurationNs: await this.#load(placement, signal) };
        this.#counts.inputs += request.inputs.length;

        const found: (CachedEmbedding | undefined)[] = new Array(request.inputs.length);
        const waiting: { index: number; pending: PendingEmbedding }[] = [];
        request.inputs.forEach((text, index) => {
            const key = EmbeddingCache.key({
                digest: placement.digest,
                contextSize: placement.contextSize,
                truncate: request.truncate,
                text
            });
            const hit = this.#cache.get(key);
            if (hit) found[index] = hit;
            else waiting.push({ index, pending: this.#pending(key, text, request.truncate, placement) });
        });

        let loadDurationNs = 0;
        if (waiting.length > 0) {
            for (const { pending } of waiting) pending.waiters++;
            const onAbort = () => {
                for (const { pending } of waiting) this.#leave(pending, placement.key);
            };
            signal.addEventListener("abort", onAbort, { once: true });
            try {
                const results = await Promise.race([
                    Promise.all(waiting.map(({ pending }) => pending.result)),
                    new Promise<never>((_, reject) => {
                        if (signal.aborted) reject(new RequestCanceledError());
                        signal.addEventListener("abort", () => reject(new RequestCanceledError()), { once: true });
                    })
                ]);
                results.forEach((result, position) => {
                    found[waiting[position]!.index] = result;
                    loadDurationNs = Math.max(loadDurationNs, result.loadDurationNs);
                });
            } finally {
                signal.removeEventListener("abort", onAbort);
                if (!signal.aborted) for (const { pending } of waiting) pending.waiters--;
            }
        }

        let promptEvalCount = 0;
        const embeddings = found.map((entry) => {
            promptEvalCount += entry!.tokens;
            return shapeEmbedding(entry!.vector, request);
        });
        return { embeddings, promptEvalCount, loadDurationNs };
    }

    stats(): EmbeddingStats {
        const counts = this.#counts;
        return {
            requests: counts.requests,
            inputs: counts.inputs,
            cache: this.#cache.stats(),
            shared: counts.shared,
            batches: counts.batches,
            batched_inputs: counts.batchedInputs,
            evaluations: counts.evaluations
        };
    }

    /** The input already on its way to the model, or a new one queued for it. */
    #pending(key: string, text: string, truncate: boolean, placement: P): PendingEmbedding {
        const existing = this.#inFlight.get(key);
        if (existing) {
            this.#counts.shared++;
            return existing;
        }
        const pending = new PendingEmbedding(key, { text, truncate });
        this.#inFlight.set(key, pending);
        pending.result.then(
            (result) => {
                this.#cache.set(key, { vector: result.vector, tokens: result.tokens });
                this.#inFlight.delete(key);
            },
            () => this.#inFlight.delete(key)
        );
        this.#queue(placement).push(pending, placement);
        return pending;
    }

    /** A request gave up on an input: one nobody waits for leaves the queue. */
    #leave(pending: PendingEmbedding, queueKey: string): void {
        pending.waiters--;
        if (pending.waiters > 0 || pending.state !== "queued") return;
        this.#queues.get(queueKey)?.remove(pending);
        this.#inFlight.delete(pending.key);
        pending.fail(new RequestCanceledError());
    }

    #queue(placement: P): EmbeddingQueue<P> {
        let queue = this.#queues.get(placement.key);
        if (!queue) {
            queue = new EmbeddingQueue(this.#backend, placement, {
                windowMs: this.#settings.batchWindowMs,
                maxBatch: this.#settings.maxBatch,
                onBatch: ({ inputs, evaluations }) => {
                    this.#counts.batches++;
                    this.#counts.batchedInputs += inputs;
                    this.#counts.evaluations += evaluations;
                }
            });
            this.#queues.set(placement.key, queue);
        }
        return queue;
    }

    /** An empty request only loads the model (Ollama's way of preloading one). */
    async #load(placement: P, signal: AbortSignal): Promise<number> {
        const slot = await this.#backend.acquire(placement, signal);
        const result = await slot.run([], signal);
        return result.loadDurationNs;
    }
}
