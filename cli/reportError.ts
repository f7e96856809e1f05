/**
 * @module reportError
 * How the CLI ends on failure: one line, `Error: <message>`, on stderr (as Ollama prints it), and
 * exit code 1. Errors Kettle raised on purpose carry a message meant for the user; anything else is
 * a bug, so its stack is printed too.
 */
import { ConfigError } from "../config/ConfigError.js";
import { KettleError } from "../runtime/errors/KettleError.js";
import { ServerError } from "./client/ServerError.js";
import { ServerUnreachableError } from "./client/ServerUnreachableError.js";
import { UsageError } from "./UsageError.js";

export function reportError(error: unknown): number {
    const expected =
        error instanceof KettleError ||
        error instanceof UsageError ||
        error instanceof ConfigError ||
        error instanceof ServerError ||
        error instanceof ServerUnreachableError;
    if (error instanceof ConfigError && error.diagnostics.hasWarnings()) process.stderr.write(`${error.diagnostics.renderWarnings()}\n`);
    if (expected) process.stderr.write(`Error: ${(error as Error).message}\n`);
    else process.stderr.write(`Error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
}
