/**
 * @module SequencePool
 * The slots of a loaded model (`num_parallel` context sequences). A request takes a free slot or
 * waits, first come first served, as Ollama's per-runner semaphore does. Among free slots it takes
 * the one whose cached tokens share the longest prefix with its prompt, so a follow-up chat turn
 * lands where its history is already evaluated; among equals, the first in the slots' order. That
 * keeps the busy sequences' ids together: llama.cpp decodes a batch of sequences with their own KV
 * caches in one pass only while their ids run consecutively, and splits it at every gap.
 */
import { AbortError } from "./AbortError.js";

export type SlotLease<T> = {
    readonly slot: T;
    /** Gives the slot back; later calls do nothing. */
    release(): void;
};

type Waiter<T> = { resolve: (lease: SlotLease<T>) => void; reject: (error: unknown) => void };

export class SequencePool<T> {
    readonly #free: T[];
    /** Each slot's place in the order given. */
    readonly #rank: Map<T, number>;
    readonly #waiters: Waiter<T>[] = [];
    readonly #prefixLength: (slot: T, tokens: readonly number[]) => number;
    #disposed = false;

    /** `prefixLength`: how many leading tokens of a prompt the slot already holds. */
    constructor(slots: readonly T[], prefixLength: (slot: T, tokens: readonly number[]) => number = () => 0) {
        this.#free = [...slots];
        this.#rank = new Map(slots.map((slot, index) => [slot, index]));
        this.#prefixLength = prefixLength;
    }

    get freeCount(): number {
        return this.#free.length;
    }

    get waitingCount(): number {
        return this.#waiters.length;
    }

    /** A free slot (the best match for `prompt` when given), or the next one released; rejects with AbortError on abort. */
    acquire(signal?: AbortSignal, prompt?: readonly number[]): Promise<SlotLease<T>> {
        if (this.#disposed) return Promise.reject(new Error("the model was unloaded"));
        if (signal?.aborted) return Promise.reject(new AbortError(signal.reason));
        // Waiters go first: a newcomer must not overtake a request that has been queued.
        if (this.#free.length > 0 && this.#waiters.length === 0) return Promise.resolve(this.#lease(this.#takeBest(prompt)));
        return new Promise<SlotLease<T>>((resolve, reject) => {
            const onAbort = () => {
                const index = this.#waiters.indexOf(waiter);
                if (index !== -1) this.#waiters.splice(index, 1);
                reject(new AbortError(signal?.reason));
            };
            const waiter: Waiter<T> = {
                resolve: (lease) => {
                    signal?.removeEventListener("abort", onAbort);
                    resolve(lease);
                },
                reject: (error) => {
                    signal?.removeEventListener("abort", onAbort);
                    reject(error);
                }
            };
            signal?.addEventListener("abort", onAbort, { once: true });
            this.#waiters.push(waiter);
        });
    }

    /** Rejects every waiting request; slots released later are dropped. */
    dispose(): void {
        this.#disposed = true;
        for (const waiter of this.#waiters.splice(0)) waiter.reject(new Error("the model was unloaded"));
        this.#free.length = 0;
    }

    #takeBest(prompt: readonly number[] | undefined): T {
        const scored = prompt !== undefined && prompt.length > 0 && this.#free.length > 1;
        const rank = (index: number) => this.#rank.get(this.#free[index] as T)!;
        let best = 0;
        let bestLength = -1;
        this.#free.forEach((slot, index) => {
            const length = scored ? this.#prefixLength(slot, prompt) : 0;
            if (length > bestLength || (length === bestLength && rank(index) < rank(best))) [best, bestLength] = [index, length];
        });
        return this.#free.splice(best, 1)[0] as T;
    }

    #lease(slot: T): SlotLease<T> {
        let released = false;
        return {
            slot,
            release: () => {
                if (released) return;
                released = true;
                if (this.#disposed) return;
                const waiter = this.#waiters.shift();
                if (waiter) waiter.resolve(this.#lease(slot));
                else this.#free.push(slot);
            }
        };
    }
}
