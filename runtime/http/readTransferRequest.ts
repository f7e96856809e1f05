/**
 * @module readTransferRequest
 * The body of `/api/pull` and `/api/push`: `model` (or ollama-js's `name`), `insecure`, `stream`.
 * The deprecated `username`/`password` are ignored, as in Ollama (logins come from docker login).
 */
import { BadRequestError } from "../errors/BadRequestError.js";
import type { PullRequest } from "../ollama/types.js";
import { describeReceived } from "./describeReceived.js";
import { readJsonBody } from "./readJsonBody.js";
import { requireObject } from "./requireObject.js";

export async function readTransferRequest(request: Request, maxBytes: number): Promise<{ transfer: PullRequest; stream: boolean }> {
    const body = requireObject(await readJsonBody(request, maxBytes));
    // null is "not set", as Go's decoder reads it.
    const model = body.model ?? body.name;
    if (model === undefined || model === null || model === "") throw new BadRequestError("model is required");
    if (typeof model !== "string") throw new BadRequestError(`model must be a string, got ${describeReceived(model)}`);
    for (const flag of ["insecure", "stream"] as const) {
        if (body[flag] !== undefined && body[flag] !== null && typeof body[flag] !== "boolean")
            throw new BadRequestError(`${flag} must be true or false, got ${describeReceived(body[flag])}`);
    }
    return { transfer: { model, insecure: body.insecure === true }, stream: body.stream !== false };
}
