/** @module PayloadTooLargeError A request body larger than the configured limit. Answered with 413. */
import { KettleError } from "./KettleError.js";

export class PayloadTooLargeError extends KettleError {
    constructor(readonly limitBytes: number) {
        super(`request body too large: limit is ${limitBytes} bytes`);
    }
}
