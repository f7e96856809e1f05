/**
 * @module latencySummary
 * Time to first token under concurrency, and queue wait: the server's own measurement when it gives
 * one (Kettle's `GET /api/stats`), else an estimate on the client (llama-server reports none): a
 * request's TTFT minus the median TTFT of a lone request (the `baselineMs`), floored at 0. The
 * estimate counts everything that delays a first token beyond an idle server's: waiting for a free
 * slot, and sharing the cores with the other sequences' prompts and decodes.
 */
import { median, percentile } from "./stats.js";

export type LatencySummary = {
    ttftP50Ms: number;
    ttftP99Ms: number;
    queueWaitP50Ms: number;
    queueWaitP99Ms: number;
};

export function latencySummary(
    ttftMs: readonly number[],
    baselineMs: number,
    measuredWaitsMs?: readonly number[]
): LatencySummary & { queueWaitsMs: number[] } {
    const waits = measuredWaitsMs ? [...measuredWaitsMs] : ttftMs.map((ttft) => Math.max(0, ttft - baselineMs));
    return {
        ttftP50Ms: median(ttftMs),
        ttftP99Ms: percentile(ttftMs, 99),
        queueWaitP50Ms: median(waits),
        queueWaitP99Ms: percentile(waits, 99),
        queueWaitsMs: waits
    };
}
