/**
 * @module PromptArrivals
 * Interactive requests on their way to their first decode: from the moment one holds a sequence of
 * the context to its first token. Between the two it still compares and erases its sequence's
 * cache and queues its prompt, a few turns of the event loop; a batch step composed meanwhile
 * would make its prompt wait a whole decode step more. While one is on its way, batch jobs' lines
 * sit out (interactiveFirst), so the next step is its prompt's. An arrival older than
 * {@link arrivalLimitMs} no longer holds them, whatever became of it. For {@link recentMs} after
 * one, interactive traffic counts as recent: batch lines then take their prompts in small steps.
 */

/** Longest a request on its way keeps batch lines waiting. */
export const arrivalLimitMs = 50;

/** How long after an interactive request more are expected: one minute, the default of the scheduler's `batches.interactive_reserve`. */
export const recentMs = 60_000;

export class PromptArrivals {
    readonly #started = new Map<number, number>();
    #next = 0;
    readonly #now: () => number;
    #last: number | undefined;

    constructor(now: () => number = () => performance.now()) {
        this.#now = now;
    }

    /** Marks one request as on its way; the answer ends that (more calls do nothing). */
    begin(): () => void {
        const id = this.#next++;
        this.#last = this.#now();
        this.#started.set(id, this.#last);
        return () => void this.#started.delete(id);
    }

    /** Whether an interactive request came within {@link recentMs}. */
    recent(): boolean {
        return this.#last !== undefined && this.#now() - this.#last < recentMs;
    }

    /** Whether a request is on its way (and not for longer than the limit). */
    pending(): boolean {
        const now = this.#now();
        for (const [id, started] of this.#started) {
            if (now - started <= arrivalLimitMs) return true;
            this.#started.delete(id);
        }
        return false;
    }
}
