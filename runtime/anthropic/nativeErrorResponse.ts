/**
 * @module nativeErrorResponse
 * A native handler's error answer (`{"error": "…"}` with its status, written before streaming
 * began) in Anthropic's envelope, with the same status and message and the same Retry-After.
 */
import { errorBody } from "../http/errorResponse.js";
import { jsonResponse } from "../http/jsonResponse.js";

export async function nativeErrorResponse(response: Response): Promise<Response> {
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
    return jsonResponse(errorBody("anthropic", response.status, message), response.status, headers);
}
