/**
 * @module RelayedError
 * An error raised in another thread or process (a worker, a lane) and relayed to where it is
 * answered: it carries the status and the client-facing message it was mapped to there.
 */
import { KettleError } from "./KettleError.js";

export class RelayedError extends KettleError {
    constructor(
        readonly status: number,
        message: string
    ) {
        super(message);
    }
}
