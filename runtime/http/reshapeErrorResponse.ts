/**
 * @module reshapeErrorResponse
 * A native handler may answer an error itself, as a response, instead of throwing (an error met
 * before the first NDJSON line, such as an invalid JSON schema, becomes Ollama's `{"error"}` body
 * with its status). An adapter re-renders such a response in its own API family's envelope,
 * keeping the status, the message and the Retry-After header.
 */
import { errorBody, type ErrorFamily } from "./errorResponse.js";
import { jsonResponse } from "./jsonResponse.js";

export async function reshapeErrorResponse(response: Response, family: ErrorFamily): Promise<Response> {
    const text = await response.text();
    let message = text;
    try {
        const parsed = JSON.parse(text) as { error?: unknown };
        if (typeof parsed.error === "string") message = parsed.error;
    } catch {
        // Not JSON: the text itself is the best message there is.
    }
    const headers: Record<string, string> = {};
    const retryAfter = response.headers.get("Retry-After");
    if (retryAfter !== null) headers["Retry-After"] = retryAfter;
    return jsonResponse(errorBody(family, response.status, message), response.status, headers);
}
