/**
 * @module parallelScenario
 * The scheduler benchmark (`--scenarios parallel`): one model served with 4 parallel sequences,
 * Kettle with `OLLAMA_NUM_PARALLEL=4` and, when LLAMA_SERVER is set, llama-server with `-np 4`.
 *
 * - Throughput: aggregate tokens/s of 1 stream and of 4 concurrent streams (wall time from sending
 *   to the last token, prompts included), and their ratio.
 * - Latency: 1, 4 and 16 clients, each sending one 32-token request, all at once; every request's
 *   time to first token (to its first streamed chunk, on the client clock), and its queue wait
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

export const queueWaitMethod =
    "estimated on the client: TTFT(n) - median TTFT(1) per request, floored at 0 (Kettle exposes no server-side queue timer)";

export type ParallelThroughput = {
    /** Median aggregate tokens/s of 1 stream. */
    oneStream: number;
    /** Median aggregate tokens/s of 4 concurrent streams. */
    fourStreams: number;
    /** fourStreams / oneStream. */
    ratio: number;
    samples: { oneStream: number[]; fourStreams: number[] };
};

export type ParallelLatency = LatencySummary & { clients: number; ttftMs: number[] };

export type ParallelResult = {
    numParallel: number;
    tokens: number;
    latencyTokens: number;
    runs: number;
    queueWait: string;
    contenders: Record<string, { throughput: ParallelThroughput; latency: ParallelLatency[] }>;
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
    for (const contender of contenders) await streams(contender, numParallel, latencyTokens);
    for (let run = 0; run < runs; run++) {
        process.stderr.write(`parallel: run ${run + 1} of ${runs} …\n`);
        for (const contender of contenders) (oneStream[contender.name] ??= []).push(await rate(contender, 1));
        for (const contender of contenders) (fourStreams[contender.name] ??= []).push(await rate(contender, numParallel));
        for (const clients of clientCounts) {
            for (const contender of contenders) {
                const timed = await streams(contender, clients, latencyTokens);
                ((ttft[contender.name] ??= {})[clients] ??= []).push(...timed.map(firstTokenMs));
            }
        }
    }

    const result: ParallelResult = { numParallel, tokens, latencyTokens, runs, queueWait: queueWaitMethod, contenders: {} };
    for (const { name } of contenders) {
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
            latency: clientCounts.map((clients) => ({
                clients,
                ...latencySummary(ttft[name]![clients]!, baseline),
                ttftMs: ttft[name]![clients]!
            }))
        };
    }
    return result;
}
