/**
 * @module LoadBackoff
 * A model that failed to load is not retried for a while: 2 s after the first failure, doubling with
 * each further one up to a minute. Requests in the pause fail at once with the load's reason.
 */
import { ModelLoadError } from "../../../runtime/errors/ModelLoadError.js";

const firstBackoffMs = 2000;
const maxBackoffMs = 60_000;

export class LoadBackoff {
    readonly #failures = new Map<string, { error: ModelLoadError; until: number; backoffMs: number }>();

    constructor(private readonly now: () => number) {}

    /** Throws while loading `key` is paused. */
    check(key: string, model: string): void {
        const failure = this.#failures.get(key);
        const pausedMs = (failure?.until ?? 0) - this.now();
        if (failure && pausedMs > 0) {
            throw new ModelLoadError(model, `${failure.error.reason} (not retried for another ${Math.ceil(pausedMs / 1000)}s)`);
        }
    }

    /** Records a failed load and pauses the next; answers the error for those waiting. */
    failed(key: string, model: string, reason: string): ModelLoadError {
        const previous = this.#failures.get(key);
        const backoffMs = previous ? Math.min(previous.backoffMs * 2, maxBackoffMs) : firstBackoffMs;
        const error = new ModelLoadError(model, reason);
        this.#failures.set(key, { error, until: this.now() + backoffMs, backoffMs });
        return error;
    }
}
