/**
 * @module QueueWaits
 * The time each request spent waiting for its model's scheduler to hand it a sequence: queued
 * behind busy slots, or for memory to load the model. Kept for the last {@link keptWaits} requests
 * (`GET /api/stats`, the benchmarks' server-side queue wait).
 */
import type { QueueStats } from "../../runtime/functions/QueueStats.js";

export const keptWaits = 1024;

export class QueueWaits {
    #requests = 0;
    #totalMs = 0;
    #recent: QueueStats["recent"] = [];

    record(model: string, waitMs: number): void {
        this.#requests++;
        this.#totalMs += waitMs;
        this.#recent.push({ seq: this.#requests, model, wait_ms: Math.round(waitMs * 1000) / 1000 });
        if (this.#recent.length > keptWaits * 2) this.#recent = this.#recent.slice(-keptWaits);
    }

    stats(): QueueStats {
        return { requests: this.#requests, total_wait_ms: Math.round(this.#totalMs * 1000) / 1000, recent: this.#recent.slice(-keptWaits) };
    }
}
