/**
 * @module taskFailure
 * An error raised in a worker, as a {@link TaskFailure} that can cross to the server: its status from
 * the one status table, and the message a client may read (anything not a KettleError is logged and
 * read as "internal error").
 */
import { errorMessage, type UnexpectedErrorLog } from "../../runtime/http/errorMessage.js";
import { errorStatus } from "../../runtime/http/errorStatus.js";
import type { TaskFailure } from "./messages.js";

export function taskFailure(error: unknown, log?: UnexpectedErrorLog): TaskFailure {
    return { kind: "error", status: errorStatus(error), message: errorMessage(error, log) };
}
