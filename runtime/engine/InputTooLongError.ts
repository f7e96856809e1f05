/**
 * @module InputTooLongError
 * An embedding input longer than the context while the request asked not to truncate (Ollama's
 * `truncate: false`); the message is Ollama's.
 */
import { BadRequestError } from "../errors/BadRequestError.js";

export class InputTooLongError extends BadRequestError {
    constructor() {
        super("the input length exceeds the context length");
    }
}
