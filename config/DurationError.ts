/**
 * @module config/DurationError
 *
 * Thrown by {@link parseDuration} for a value that is not an Ollama duration. It keeps the
 * offending value and the "expected" phrase apart so callers (env reader, config schema,
 * HTTP API) can prefix their own location: `OLLAMA_KEEP_ALIVE: expected … but got "5x"`.
 */
import { describeValue } from "./describeValue.js";

export class DurationError extends Error {
    override readonly name = "DurationError";

    constructor(
        /** The rejected input, as given. */
        readonly value: unknown,
        /** What would have been accepted, e.g. `a number of seconds or a duration like "5m"`. */
        readonly expected: string
    ) {
        super(`invalid duration ${describeValue(value)}: expected ${expected}`);
    }
}
