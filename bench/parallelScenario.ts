/**
 * @module parallelScenario
 * The scheduler benchmark (`--scenarios parallel`): one model served with 4 parallel sequences,
 * Kettle with `OLLAMA_NUM_PARALLEL=4` and, when LLAMA_SERVER is set, llama-server with `-np 4`.
 *
 * - Throughput: aggregate tokens/s of 1 stream and of 4 concurrent streams (wall time from sending
 *   to the last token, prompts included), and their ratio.
 * - Latency: 1, 4 and 16 clients, each sending one 32-token request, all at once; every request's
 *   time to first token (to its first streamed chunk, on the client clock), and its queue wait:
 *   Kettle's as its server measured it (`GET /api/stats`), llama-server's (which reports none)
 *   estimated as TTFT minus the median TTFT of a lone request (see {@link latencySummary}).
 *
 * Every run measures each contender in turn, so drift hits them equally; the first round of each
 * contender (loading the model) is not counted.
 */
import type { Contender, ContenderSettings } from "./contenders/Contender.js";
import { kettleContender } from "./contenders/kettleContender.js";
import { llamaServerContender } from "./contenders/llamaServerContender.js";
import { aggregateRate, type TimedRun } from "./contenders/streamRates.js";
import { latencySummary, type LatencySummary } from "./latencySummary.js";
import { median } from "./stats.js";

/** Parallel sequences on the one model: Kettle's OLLAMA_NUM_PARALLEL, llama-server's -np. */
export const numParallel = 4;
/** Concurrent clients in the latency rounds. */
export const clientCounts = [1, 4, 16] as const;
/** Tokens per request in the latency rounds. */
export const latencyTokens = 32;

export const queueWaitMethods = {
    server: "measured by the server: the time each request waited for a free sequence (GET /api/stats)",
    estimated: "estimated on the client: TTFT(n) - median TTFT(1) per request, floored at 0 (the server reports no queue timer)"
} as const;

export type ParallelThroughput = {
    /** Median aggregate tokens/s of 1 stream. */
    oneStream: number;
    /** Median aggregate tokens/s of 4 concurrent streams. */
    fourStreams: number;
    /** fourStreams / oneStream. */
    ratio: number;
    samples: { oneStream: number[]; fourStreams: number[] };
};

export type ParallelLatency = LatencySummary & { clients: number; ttftMs: number[]; queueWaitMs: number[] };

export type ParallelResult = {
    numParallel: number;
    tokens: number;
    latencyTokens: number;
    runs: number;
    contenders: Record<string, { throughput: ParallelThroughput; latency: ParallelLatency[]; queueWait: string }>;
};

export type ParallelOptions = {
    /** Model, threads and context per sequence; `slots` is replaced by {@link numParallel}. */
    settings: ContenderSettings;
    /** Path of a llama-server binary to compare with. */
    llamaServer?: string | undefined;
    runs: number;
    /** Tokens per stream in the throughput rounds. */
    tokens: number;
    /** The i-th prompt; every request gets its own i. */
    prompt: (i: number) => string;
};

export async function runParallelScenario(options: ParallelOptions): Promise<ParallelResult> {
    const settings = { ...options.settings, slots: numParallel };
    const contenders: Contender[] = [];
    try {
        contenders.push(await kettleContender(settings));
        if (options.llamaServer) contenders.push(await llamaServerContender(options.llamaServer, settings));
        return await measure(contenders, options);
    } finally {
        for (const contender of contenders) await contender.close();
    }
}

async function measure(contenders: Contender[], { runs, tokens, prompt }: ParallelOptions): Promise<ParallelResult> {
    let next = 0;
    const prompts = (count: number) => Array.from({ length: count }, () => prompt(next++));
    const streamOf = (contender: Contender) => {
        if (!contender.stream) throw new Error(`${contender.name} cannot run the parallel scenario (no stream())`);
        return contender.stream;
    };
    const streams = (contender: Contender, count: number, length: number): Promise<TimedRun[]> =>
        Promise.all(prompts(count).map((p) => streamOf(contender)(p, length)));
    const rate = (contender: Contender, count: number) => aggregateRate(prompts(count), (p) => streamOf(contender)(p, tokens));
    // A generation that ends on its first token streams nothing before its final chunk.
    const firstTokenMs = (run: TimedRun) => (run.first > 0 ? run.first : run.ended) - run.started;

    const oneStream: Record<string, number[]> = {};
    const fourStreams: Record<string, number[]> = {};
    const ttft: Record<string, Record<number, number[]>> = {};
    const waits: Record<string, Record<number, number[]>> = {};
    for (const contender of contenders) await streams(contender, numParallel, latencyTokens);
    for (let run = 0; run < runs; run++) {
        process.stderr.write(`parallel: run ${run + 1} of ${runs} …\n`);
        for (const contender of contenders) (oneStream[contender.name] ??= []).push(await rate(contender, 1));
        for (const contender of contenders) (fourStreams[contender.name] ??= []).push(await rate(contender, numParallel));
        for (const clients of clientCounts) {
            for (const contender of contenders) {
                await contender.queueWaits?.(); // only this round's requests count
                const timed = await streams(contender, clients, latencyTokens);
                ((ttft[contender.name] ??= {})[clients] ??= []).push(...timed.map(firstTokenMs));
                const measured = await contender.queueWaits?.();
                if (measured) ((waits[contender.name] ??= {})[clients] ??= []).push(...measured);
            }
        }
    }

    const result: ParallelResult = { numParallel, tokens, latencyTokens, runs, contenders: {} };
    for (const { name } of contenders) {
        const serverWaits = waits[name];
        const one = median(oneStream[name]!);
        const four = median(fourStreams[name]!);
        const baseline = median(ttft[name]![1]!);
        result.contenders[name] = {
            throughput: {
                oneStream: one,
                fourStreams: four,
                ratio: four / one,
                samples: { oneStream: oneStream[name]!, fourStreams: fourStreams[name]! }
            },
            latency: clientCounts.map((clients) => {
                const summary = latencySummary(ttft[name]![clients]!, baseline, serverWaits?.[clients]);
                return { clients, ...summary, ttftMs: ttft[name]![clients]!, queueWaitMs: summary.queueWaitsMs };
            }),
            queueWait: serverWaits ? queueWaitMethods.server : queueWaitMethods.estimated
        };
    }
    return result;
}
