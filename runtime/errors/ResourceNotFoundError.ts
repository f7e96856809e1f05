/** @module ResourceNotFoundError A file or batch id that does not exist (OpenAI's "No such File object"). Answered with 404. */
import { KettleError } from "./KettleError.js";

export class ResourceNotFoundError extends KettleError {
    constructor(
        readonly kind: "File" | "Batch",
        readonly id: string
    ) {
        super(`No such ${kind} object: ${id}`);
    }
}
