/**
 * @module Contender
 * One way of running the benchmark model: node-llama-cpp in this process, Kettle over HTTP, or
 * llama.cpp's llama-server. Each scenario a contender cannot run is left out of its row.
 */
import type { TimedRun } from "./streamRates.js";

export interface Contender {
    readonly name: string;
    /** Single stream: decode tokens/s of a `tokens`-long greedy generation. */
    decode(prompt: string, tokens: number): Promise<number>;
    /** Milliseconds from sending the prompt to having the first generated token. */
    firstToken(prompt: string): Promise<number>;
    /** Aggregate tokens/s of concurrent streams, one per prompt. */
    concurrent(prompts: string[], tokens: number): Promise<number>;
    /**
     * One streamed generation of `tokens` greedy tokens, timed on the client clock; any number may run
     * at once (the server queues what its slots cannot take). The `parallel` scenario needs it.
     */
    stream?(prompt: string, tokens: number): Promise<TimedRun>;
    /** The queue waits (ms) the server measured for the requests since the last call, oldest first. */
    queueWaits?(): Promise<number[]>;
    /** Milliseconds from nothing loaded to the first token. */
    coldStart?(prompt: string): Promise<number>;
    close(): Promise<void>;
}

export type ContenderSettings = {
    completionModel: string;
    threads: number;
    contextSize: number;
    /** Parallel slots: the most concurrent streams any scenario uses. */
    slots: number;
};
