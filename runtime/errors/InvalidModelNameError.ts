/** @module InvalidModelNameError A model name that does not follow Ollama's `[host/][namespace/]model[:tag]` rules. */
import { KettleError } from "./KettleError.js";

export class InvalidModelNameError extends KettleError {
    constructor(
        readonly input: string,
        readonly reason?: string
    ) {
        super(reason ? `invalid model name "${input}": ${reason}` : `invalid model name "${input}"`);
    }
}
