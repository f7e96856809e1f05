/**
 * @module config/readConfigFile
 *
 * Reads and parses one kettle.toml. Syntax errors become {@link ConfigSyntaxError} with
 * file:line:column; an unreadable file that was asked for explicitly becomes
 * {@link ConfigFileError}. A missing optional file (the default ./kettle.toml) is simply
 * "no file": Kettle runs fine on defaults.
 */
import fs from "node:fs";
import { parse, TomlError } from "smol-toml";
import { ConfigFileError } from "./ConfigFileError.js";
import { ConfigSyntaxError } from "./ConfigSyntaxError.js";

export interface ReadConfigFileOptions {
    /** Whether a missing file is an error. Defaults to true. */
    required?: boolean;
    /** Who asked for this file, e.g. "--config"; named in errors. Defaults to "config". */
    requestedBy?: string;
}

/** The parsed TOML document, or undefined when an optional file does not exist. */
export function readConfigFile(file: string, options: ReadConfigFileOptions = {}): Record<string, unknown> | undefined {
    const { required = true, requestedBy = "config" } = options;
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" && !required) return undefined;
        throw new ConfigFileError(file, requestedBy, describeReadError(error));
    }

    try {
        return parse(text);
    } catch (error) {
        if (!(error instanceof TomlError)) throw error;
        // smol-toml's message is "<reason>\n\n<codeblock>"; we print the codeblock ourselves.
        const reason = error.message.split("\n\n")[0] ?? error.message;
        throw new ConfigSyntaxError(file, error.line, error.column, reason, error.codeblock);
    }
}

function describeReadError(error: unknown): string {
    switch ((error as NodeJS.ErrnoException).code) {
        case "ENOENT":
            return "file not found";
        case "EACCES":
            return "permission denied";
        case "EISDIR":
            return "it is a directory";
        default:
            return error instanceof Error ? error.message : String(error);
    }
}
