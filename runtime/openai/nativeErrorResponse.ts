/**
 * @module nativeErrorResponse
 * A native handler may answer an error itself, as a response, instead of throwing (an error met
 * before the first NDJSON line, such as an invalid JSON schema, becomes Ollama's `{"error"}` body
 * with its status). This re-renders such a response in OpenAI's envelope, keeping the status and
 * the Retry-After header.
 */
import { errorBody } from "../http/errorResponse.js";
import { jsonResponse } from "../http/jsonResponse.js";

export async function nativeErrorResponse(native: Response): Promise<Response> {
    const text = await native.text();
    let message = text;
    try {
        const parsed = JSON.parse(text) as { error?: unknown };
        if (typeof parsed.error === "string") message = parsed.error;
    } catch {
        // not JSON: the text itself is the message
    }
    const headers: Record<string, string> = {};
    const retryAfter = native.headers.get("Retry-After");
    if (retryAfter) headers["Retry-After"] = retryAfter;
    return jsonResponse(errorBody("openai", native.status, message), native.status, headers);
}
