/**
 * @module streamRates
 * How every contender turns timed generations into numbers: decode speed between the first and the
 * last token of one stream, and the aggregate speed of concurrent streams over their wall time.
 */
/** `performance.now()` times of one generation: sent, first token (or chunk) received, done; and its token count. */
export type TimedRun = { started: number; first: number; ended: number; count: number };

/** Tokens per second after the first token (the prompt's cost is first-token time, not decode). */
export function decodeRate(run: TimedRun): number {
    return ((run.count - 1) / (run.ended - run.first)) * 1000;
}

/** Total tokens per second of one stream per prompt, all started together. */
export async function aggregateRate(prompts: string[], stream: (prompt: string, index: number) => Promise<TimedRun>): Promise<number> {
    const started = performance.now();
    const runs = await Promise.all(prompts.map(stream));
    return (runs.reduce((sum, run) => sum + run.count, 0) / (performance.now() - started)) * 1000;
}
