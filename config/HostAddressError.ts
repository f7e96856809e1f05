/**
 * @module config/HostAddressError
 *
 * Thrown by {@link parseHostAddress} when an OLLAMA_HOST-style address has an unusable port.
 * Like DurationError it keeps `expected` separate so the env reader can name the variable.
 */
import { describeValue } from "./describeValue.js";

export class HostAddressError extends Error {
    override readonly name = "HostAddressError";

    constructor(
        readonly value: string,
        readonly expected: string
    ) {
        super(`invalid host address ${describeValue(value)}: expected ${expected}`);
    }
}
