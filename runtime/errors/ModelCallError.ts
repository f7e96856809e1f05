/**
 * @module ModelCallError
 * A `ctx.models` call the API refused or that failed: carries the status and message the HTTP
 * endpoint answered, so a function that lets it propagate answers the same.
 */
import { KettleError } from "./KettleError.js";

export class ModelCallError extends KettleError {
    constructor(
        readonly status: number,
        message: string
    ) {
        super(message);
    }
}
