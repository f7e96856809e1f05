/**
 * @module RemoteModelNotFoundError
 * The registry has no manifest for the name being pulled. Ollama's CLI prints this exact text.
 */
import { KettleError } from "./KettleError.js";

export class RemoteModelNotFoundError extends KettleError {
    constructor(
        readonly model: string,
        options?: ErrorOptions
    ) {
        super("pull model manifest: file does not exist", options);
    }
}
