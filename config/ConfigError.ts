/**
 * @module config/ConfigError
 *
 * The one error the config pipeline throws for a problem the user must fix in their
 * kettle.toml, environment or flags. Its message is the rendered error tree (all errors,
 * not just the first) and it carries the {@link Diagnostics} so a caller can also print
 * the warnings or inspect messages. The CLI catches this type and exits without a stack.
 */
import type { Diagnostics } from "./Diagnostics.js";

export class ConfigError extends Error {
    override readonly name: string = "ConfigError";

    constructor(
        readonly diagnostics: Diagnostics,
        message: string = diagnostics.renderErrors()
    ) {
        super(message);
    }
}
