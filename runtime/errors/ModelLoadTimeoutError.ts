/**
 * @module ModelLoadTimeoutError
 * A model still not loaded after `load_timeout` (OLLAMA_LOAD_TIMEOUT): the request fails, the load
 * goes on for the next one. Answered with 500, as every load failure.
 */
import { ModelLoadError } from "./ModelLoadError.js";

export class ModelLoadTimeoutError extends ModelLoadError {
    constructor(model: string) {
        super(model, "timed out waiting for it to load");
        this.message = `timed out waiting for model ${model} to load (load_timeout / OLLAMA_LOAD_TIMEOUT)`;
    }
}
