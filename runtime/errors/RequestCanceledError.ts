/** @module RequestCanceledError The client went away before its request was served. Ollama answers 499. */
import { KettleError } from "./KettleError.js";

export class RequestCanceledError extends KettleError {
    constructor(options?: ErrorOptions) {
        super("request canceled", options);
    }
}
