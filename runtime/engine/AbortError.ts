/**
 * @module AbortError
 * What an engine call throws when its AbortSignal fires (the client went away): the conventional
 * name "AbortError", so callers can tell a cancellation from a failure without importing this class.
 */
export class AbortError extends Error {
    constructor(reason?: unknown) {
        super("the operation was aborted", reason === undefined ? undefined : { cause: reason });
        this.name = "AbortError";
    }
}

/** Throws an {@link AbortError} when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
    if (signal?.aborted) throw new AbortError(signal.reason);
}
