/** @module requireObject A JSON body must be an object; `null`, arrays and scalars get a 400 that says so. */
import { BadRequestError } from "../errors/BadRequestError.js";

export function requireObject(body: unknown): Record<string, unknown> {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw new BadRequestError(
            `request body must be a JSON object, got ${body === null ? "null" : Array.isArray(body) ? "an array" : typeof body}`
        );
    }
    return body as Record<string, unknown>;
}
