/** @module BlobNotFoundError A manifest or request names a blob the store does not hold. */
import { KettleError } from "./KettleError.js";

export class BlobNotFoundError extends KettleError {
    constructor(readonly digest: string) {
        super(`blob ${digest} not found in the model store; upload it first with POST /api/blobs/${digest}`);
    }
}
