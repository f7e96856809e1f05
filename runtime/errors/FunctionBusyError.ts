/**
 * @module FunctionBusyError
 * A function is serving as many requests as its `max_concurrency` allows; answered with 503 and
 * `Retry-After`, like a full model queue.
 */
import { KettleError } from "./KettleError.js";

export class FunctionBusyError extends KettleError {
    constructor(route: string, limit: number) {
        super(`${route} is busy: it already serves ${limit} requests (max_concurrency), please retry`);
    }
}
