/**
 * @module streamErrorEvent
 * The last bytes of a streamed response that fails after it began, in the shape its clients read as
 * an error: Ollama's final `{"error": "..."}` NDJSON line, OpenAI's `data: {"error": {...}}` event
 * (openai-node throws it as an APIError) or Anthropic's `event: error`. The one place these are
 * written, for the handlers' own streams and for a stream the pool loses midway.
 */
import { errorMessage, type UnexpectedErrorLog } from "./errorMessage.js";
import { errorBody, type ErrorFamily } from "./errorResponse.js";
import { errorStatus } from "./errorStatus.js";

const encoder = new TextEncoder();

/** Undefined when the content type is neither NDJSON nor server-sent events (a function's own body). */
export function streamErrorEvent(
    family: ErrorFamily,
    contentType: string,
    error: unknown,
    log?: UnexpectedErrorLog
): Uint8Array | undefined {
    const message = errorMessage(error, log);
    if (/ndjson/i.test(contentType)) return encoder.encode(JSON.stringify({ error: message }) + "\n");
    if (!/text\/event-stream/i.test(contentType)) return undefined;
    const body = JSON.stringify(errorBody(family, errorStatus(error), message));
    if (family === "anthropic") return encoder.encode(`event: error\ndata: ${body}\n\n`);
    return encoder.encode(`data: ${body}\n\n`);
}
