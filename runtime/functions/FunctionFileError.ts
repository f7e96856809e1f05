/**
 * @module FunctionFileError
 * A file in a functions folder that cannot become a route: a bad `[param]` name, a handler export
 * that is not a function, a module that fails to import, two files claiming the same route. Raised
 * at start-up, so the message names the file and says what to change.
 */
import { KettleError } from "../errors/KettleError.js";

export class FunctionFileError extends KettleError {
    constructor(
        readonly file: string,
        readonly reason: string,
        options?: ErrorOptions
    ) {
        super(`${file}: ${reason}`, options);
    }
}
