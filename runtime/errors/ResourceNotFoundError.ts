/**
 * @module ResourceNotFoundError
 * A file, batch or stored response id that does not exist, in OpenAI's words ("No such File
 * object: …", "Response with id '…' not found."). Answered with 404.
 */
import { KettleError } from "./KettleError.js";

export class ResourceNotFoundError extends KettleError {
    constructor(
        readonly kind: "File" | "Batch" | "Response",
        readonly id: string
    ) {
        super(kind === "Response" ? `Response with id '${id}' not found.` : `No such ${kind} object: ${id}`);
    }
}
