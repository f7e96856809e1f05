/**
 * @module ModelTooLargeError
 * A model whose estimated memory exceeds what any device it may use has, even with nothing else
 * loaded. The message names both sizes, as Ollama's "model requires more system memory" does.
 * Answered with 500 (Ollama's status for it).
 */
import { KettleError } from "./KettleError.js";

export class ModelTooLargeError extends KettleError {
    constructor(
        readonly model: string,
        readonly requiredBytes: number,
        readonly availableBytes: number,
        where: string
    ) {
        super(
            `model ${JSON.stringify(model)} requires more memory (${gib(requiredBytes)}) than is available on ${where} (${gib(availableBytes)})`
        );
    }
}

function gib(bytes: number): string {
    return `${(bytes / 1024 ** 3).toFixed(bytes < 1024 ** 3 ? 3 : 1)} GiB`;
}
