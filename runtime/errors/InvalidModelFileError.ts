/**
 * @module InvalidModelFileError
 * A file that should be a GGUF model but is not one Kettle can use (wrong magic, truncated,
 * tensor data past the end). Raised before native code ever sees the file.
 */
import { KettleError } from "./KettleError.js";

export class InvalidModelFileError extends KettleError {
    constructor(
        readonly file: string,
        readonly reason: string,
        options?: ErrorOptions
    ) {
        super(`${file} is not a usable GGUF model: ${reason}`, options);
    }
}
