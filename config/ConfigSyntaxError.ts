/**
 * @module config/ConfigSyntaxError
 *
 * A kettle.toml that is not valid TOML. The message is `<file>:<line>:<column>: <message>`
 * followed by smol-toml's caret excerpt, the format editors and terminals turn into a link.
 * It is a {@link ConfigError}, so one `instanceof` check covers every config problem.
 */
import { ConfigError } from "./ConfigError.js";
import { Diagnostics } from "./Diagnostics.js";

export class ConfigSyntaxError extends ConfigError {
    override readonly name = "ConfigSyntaxError";

    constructor(
        readonly file: string,
        /** 1-based. */
        readonly line: number,
        /** 1-based. */
        readonly column: number,
        /** The parser's own description of the problem. */
        readonly reason: string,
        /** Numbered source lines with a caret under the problem. */
        readonly codeblock: string
    ) {
        const message = `${file}:${line}:${column}: ${reason}\n${codeblock.trimEnd()}`;
        const diagnostics = new Diagnostics(`Processing ${file} configuration:`);
        diagnostics.errors.push(message);
        super(diagnostics, message);
    }
}
