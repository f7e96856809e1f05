/**
 * @module QueueFullError
 * Too many requests are waiting for a model. The message is Ollama's `ErrMaxQueue` verbatim (two
 * spaces included) because clients match on it; answered with 503.
 */
import { KettleError } from "./KettleError.js";

export class QueueFullError extends KettleError {
    constructor() {
        super("server busy, please try again.  maximum pending requests exceeded");
    }
}
