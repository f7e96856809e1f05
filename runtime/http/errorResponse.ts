/**
 * @module errorResponse
 * Renders any error as an HTTP response: the status from errorStatus, the body in the shape of
 * the API family that was called. Only Ollama's `{"error": "..."}` exists for now; the OpenAI and
 * Anthropic shapes join the `family` union when their endpoints do.
 */
import { MethodNotAllowedError } from "../errors/MethodNotAllowedError.js";
import { errorMessage, type UnexpectedErrorLog } from "./errorMessage.js";
import { errorStatus } from "./errorStatus.js";
import { jsonResponse } from "./jsonResponse.js";

/** Which API's error body to write. */
export type ErrorFamily = "ollama";

/**
 * The response for `error`. Errors that are not KettleErrors are logged through `log` (stderr by
 * default) and answered with 500 `{"error":"internal error"}`, so their text never reaches the client.
 */
export function errorResponse(error: unknown, log?: UnexpectedErrorLog, family: ErrorFamily = "ollama"): Response {
    const message = errorMessage(error, log);
    const headers = error instanceof MethodNotAllowedError ? { Allow: error.allow.join(", ") } : undefined;
    switch (family) {
        case "ollama":
            return jsonResponse({ error: message }, errorStatus(error), headers);
        default:
            void (family satisfies never);
            throw new Error(`unknown error family ${String(family)}`);
    }
}
