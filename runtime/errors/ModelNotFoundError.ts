/** @module ModelNotFoundError The named model has no manifest in the store. Ollama answers 404. */
import { KettleError } from "./KettleError.js";

export class ModelNotFoundError extends KettleError {
    constructor(readonly model: string) {
        super(`model '${model}' not found`);
    }
}
