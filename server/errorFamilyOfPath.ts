/**
 * @module errorFamilyOfPath
 * Which API's error shape the clients of a path read, for answers given before a route runs (a
 * missing API key) or after it has (a stream ended by a shutdown): Anthropic's under `/v1/messages`,
 * OpenAI's under the rest of `/v1/`, Ollama's elsewhere.
 */
import type { ErrorFamily } from "../runtime/http/errorResponse.js";

export function errorFamilyOfPath(path: string): ErrorFamily {
    if (path === "/v1/messages" || path.startsWith("/v1/messages/")) return "anthropic";
    if (path.startsWith("/v1/")) return "openai";
    return "ollama";
}
