/**
 * @module MethodNotAllowedError
 * A function serves the path, but not with this method. Answered with 405 and an `Allow` header
 * listing the methods that the path does accept.
 */
import { KettleError } from "./KettleError.js";

export class MethodNotAllowedError extends KettleError {
    constructor(
        readonly method: string,
        readonly path: string,
        readonly allow: readonly string[]
    ) {
        super(`method ${method} not allowed for ${path}`);
    }
}
