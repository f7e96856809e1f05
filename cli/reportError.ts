/**
 * @module reportError
 * How the CLI ends on failure: one line, `Error: <message>`, on stderr (as Ollama prints it), and
 * exit code 1. Errors Kettle raised on purpose carry a message meant for the user; anything else is
 * a bug, so its stack is printed too.
 */
import { KettleError } from "../runtime/errors/KettleError.js";
import { UsageError } from "./UsageError.js";

const userFacing = ["ConfigError", "ConfigSyntaxError", "ConfigFileError"];

export function reportError(error: unknown): number {
    const expected = error instanceof KettleError || error instanceof UsageError || (error instanceof Error && userFacing.includes(error.name));
    if (expected) process.stderr.write(`Error: ${(error as Error).message}\n`);
    else process.stderr.write(`Error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return 1;
}
