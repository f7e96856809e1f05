/**
 * @module latencySummary
 * Time to first token under concurrency, and the queue wait estimated from it. Kettle exposes no
 * server-side queue timer (neither does llama-server), so a request's queue wait is estimated on the
 * client as its TTFT minus the median TTFT of a lone request (the `baselineMs`), floored at 0. The
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

export function latencySummary(ttftMs: readonly number[], baselineMs: number): LatencySummary {
    const waits = ttftMs.map((ttft) => Math.max(0, ttft - baselineMs));
    return {
        ttftP50Ms: median(ttftMs),
        ttftP99Ms: percentile(ttftMs, 99),
        queueWaitP50Ms: median(waits),
        queueWaitP99Ms: percentile(waits, 99)
    };
}
