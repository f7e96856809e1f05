/**
 * @module WorkerCrashedError
 * The worker (or the lane process) serving a request died under it. Only that worker's in-flight
 * requests fail with this; the lane is restarted. Answered with 500.
 */
import { KettleError } from "./KettleError.js";

export class WorkerCrashedError extends KettleError {
    constructor(
        readonly reason: string,
        options?: ErrorOptions
    ) {
        super(`the worker serving this request crashed: ${reason}`, options);
    }
}
