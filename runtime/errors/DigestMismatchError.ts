/** @module DigestMismatchError Uploaded bytes whose sha256 is not the digest they were sent under. */
import { KettleError } from "./KettleError.js";

export class DigestMismatchError extends KettleError {
    constructor(
        readonly expected: string,
        readonly actual: string
    ) {
        super(`digest mismatch: expected ${expected} but the content hashes to ${actual}`);
    }
}
