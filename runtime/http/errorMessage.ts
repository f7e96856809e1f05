/**
 * @module errorMessage
 * The text a client may see for an error. A KettleError's message is written for the user; any
 * other error is a bug whose message may leak internals (paths, native details), so it is logged
 * for the operator and the client only reads "internal error".
 */
import { KettleError } from "../errors/KettleError.js";
import { log } from "../log/log.js";

/** Receives errors that are not KettleErrors, before they are hidden behind "internal error". */
export type UnexpectedErrorLog = (error: unknown) => void;

/** The default log: the process's logger, with the stack. */
export function logUnexpectedError(error: unknown): void {
    log().error({ err: error }, "unexpected error");
}

/** The client-facing message of `error`; logs it through `log` when it is not a KettleError. */
export function errorMessage(error: unknown, log: UnexpectedErrorLog = logUnexpectedError): string {
    if (error instanceof KettleError) return error.message;
    log(error);
    return "internal error";
}
