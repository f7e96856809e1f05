/**
 * @module config/ConfigFileError
 *
 * A config file that was asked for explicitly (`--config`, KETTLE_CONFIG) but could not be
 * read. Named after the path and who asked for it, because "file not found" alone does not
 * tell the user which setting to fix. A missing default ./kettle.toml is not an error.
 */
import { ConfigError } from "./ConfigError.js";
import { Diagnostics } from "./Diagnostics.js";

export class ConfigFileError extends ConfigError {
    override readonly name = "ConfigFileError";

    constructor(
        readonly file: string,
        /** Where the path came from, e.g. "--config" or "KETTLE_CONFIG". */
        readonly requestedBy: string,
        /** Why it could not be read, e.g. "file not found". */
        readonly reason: string
    ) {
        const message = `${requestedBy}: could not read config file "${file}": ${reason}`;
        const diagnostics = new Diagnostics("Processing Kettle configuration:");
        diagnostics.errors.push(message);
        super(diagnostics, message);
    }
}
