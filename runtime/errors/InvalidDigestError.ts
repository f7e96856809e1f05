/** @module InvalidDigestError A blob digest that is not `sha256:<64 hex>` (or `sha256-<64 hex>`). */
import { KettleError } from "./KettleError.js";

export class InvalidDigestError extends KettleError {
    constructor(readonly digest: string) {
        super(`invalid digest format "${digest}": expected sha256:<64 lowercase hex digits>`);
    }
}
