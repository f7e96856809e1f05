/**
 * @module CapabilityError
 * The model cannot do what the endpoint asks (an embedding-only model asked to generate, …).
 * The message is built as Ollama builds it: `"<model>" does not support <capability>`. Answered with 400.
 */
import { KettleError } from "./KettleError.js";

export class CapabilityError extends KettleError {
    constructor(
        readonly model: string,
        readonly capability: string
    ) {
        super(`${JSON.stringify(model)} does not support ${capability}`);
    }
}
