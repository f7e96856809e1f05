/** @module RouteNotFoundError No function serves the requested path. Answered with 404. */
import { KettleError } from "./KettleError.js";

export class RouteNotFoundError extends KettleError {
    constructor(readonly path: string) {
        super(`path ${JSON.stringify(path)} not found`);
    }
}
