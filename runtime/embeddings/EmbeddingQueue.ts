/**
 * @module EmbeddingQueue
 * Micro-batching for one warm model: inputs of concurrent requests wait here up to the batch
 * window, then go to the model's worker together, up to `maxBatch` per batch. Inputs that arrive
 * while a batch runs gather for the next one, so under load batches fill up by themselves; one
 * more batch waits for a slot while the others run, so the worker never idles between them.
 */
import type { EmbedItem } from "../engine/types.js";
import { ModelCallError } from "../errors/ModelCallError.js";
import type { EmbeddingBackend, EmbeddingPlacement } from "./EmbeddingBackend.js";
import type { CachedEmbedding } from "./EmbeddingCache.js";

/** One input on its way to the model; requests asking for the same one share it. */
export class PendingEmbedding {
    readonly key: string;
    readonly item: EmbedItem;
    readonly result: Promise<CachedEmbedding & { loadDurationNs: number }>;
    /** Requests still waiting for it; at 0 a queued input is dropped. */
    waiters = 0;
    state: "queued" | "running" | "done" = "queued";
    #resolve!: (value: CachedEmbedding & { loadDurationNs: number }) => void;
    #reject!: (error: unknown) => void;

    constructor(key: string, item: EmbedItem) {
        this.key = key;
        this.item = item;
        this.result = new Promise((resolve, reject) => {
            this.#resolve = resolve;
            this.#reject = reject;
        });
        // Its requests may all be gone by the time it fails.
        this.result.catch(() => undefined);
    }

    succeed(value: CachedEmbedding, loadDurationNs: number): void {
        this.state = "done";
        this.#resolve({ ...value, loadDurationNs });
    }

    fail(error: unknown): void {
        this.state = "done";
        this.#reject(error);
    }
}

export type BatchReport = { inputs: number; evaluations: number };

export class EmbeddingQueue<P extends EmbeddingPlacement> {
    readonly #backend: EmbeddingBackend<P>;
    readonly #settings: { windowMs: number; maxBatch: number; onBatch: (report: BatchReport) => void };
    #placement: P;
    #items: PendingEmbedding[] = [];
    #timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
    #acquiring = false;
    #running = 0;

    constructor(
        backend: EmbeddingBackend<P>,
        placement: P,
        settings: { windowMs: number; maxBatch: number; onBatch: (report: BatchReport) => void }
    ) {
        this.#backend = backend;
        this.#placement = placement;
        this.#settings = settings;
    }

    /** Nothing queued, waiting or running: the queue may be dropped. */
    get idle(): boolean {
        return this.#items.length === 0 && this.#timer === undefined && !this.#acquiring && this.#running === 0;
    }

    /** Queues an input; the newest request's placement (its keep_alive) is the one the next batch uses. */
    push(pending: PendingEmbedding, placement: P): void {
        this.#placement = placement;
        this.#items.push(pending);
        this.#schedule();
    }

    /** Drops a queued input nobody waits for any more. */
    remove(pending: PendingEmbedding): void {
        const index = this.#items.indexOf(pending);
        if (index >= 0) this.#items.splice(index, 1);
    }

    #schedule(): void {
        if (this.#timer !== undefined || this.#acquiring || this.#items.length === 0) return;
        // One batch per warm copy runs; one more may wait for a slot meanwhile.
        if (this.#running > this.#placement.replicas) return;
        const start = () => {
            this.#timer = undefined;
            void this.#run();
        };
        this.#timer = this.#settings.windowMs > 0 ? setTimeout(start, this.#settings.windowMs) : setImmediate(start);
    }

    async #run(): Promise<void> {
        if (this.#items.length === 0) return;
        this.#acquiring = true;
        const never = new AbortController().signal;
        let slot;
        try {
            slot = await this.#backend.acquire(this.#placement, never);
        } catch (error) {
            // The model cannot be had (too large, failed to load, queue full): fail a batch's worth.
            this.#acquiring = false;
            for (const pending of this.#items.splice(0, this.#settings.maxBatch)) pending.fail(error);
            this.#schedule();
            return;
        }
        this.#acquiring = false;
        // Everything that arrived while waiting for the slot goes too.
        const batch = this.#items.splice(0, this.#settings.maxBatch);
        if (batch.length === 0) {
            slot.release();
            return;
        }
        this.#running++;
        this.#schedule();
        for (const pending of batch) pending.state = "running";
        try {
            const result = await slot.run(
                batch.map((pending) => pending.item),
                never
            );
            this.#settings.onBatch({ inputs: batch.length, evaluations: result.evaluations });
            batch.forEach((pending, index) => {
                const item = result.items[index];
                if (!item) pending.fail(new ModelCallError(500, "the worker returned fewer embeddings than inputs"));
                else if ("error" in item) pending.fail(item.error);
                else pending.succeed(item, result.loadDurationNs);
            });
        } catch (error) {
            for (const pending of batch) pending.fail(error);
        } finally {
            this.#running--;
            this.#schedule();
        }
    }
}
