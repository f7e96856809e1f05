/**
 * @module createModels
 * Builds `ctx.models` over a {@link ModelCall}: the request body is the API's, the answer is read
 * back from the API's response (one JSON object, or NDJSON chunks for `stream: true`), and an
 * error status becomes a thrown ModelCallError with the API's own message.
 */
import { ModelCallError } from "../errors/ModelCallError.js";
import { errorBodyMessage } from "../http/errorBodyMessage.js";
import { StreamedError } from "../errors/StreamedError.js";
import { readNativeChunks } from "../ollama/readNativeChunks.js";
import type { ModelCall, ModelEndpoint, Models } from "./Models.js";

export function createModels(call: ModelCall, signal: AbortSignal): Models {
    const request = async (endpoint: ModelEndpoint, input: unknown): Promise<unknown> => {
        if (typeof input !== "object" || input === null || Array.isArray(input)) {
            throw new TypeError(`ctx.models.${endpoint} takes a request object, like the body of POST /api/${endpoint}`);
        }
        const body = { ...(input as Record<string, unknown>) };
        const stream = endpoint !== "embed" && body.stream === true;
        body.stream = stream;
        const response = await call(endpoint, body, signal);
        if (!response.ok) {
            const text = await response.text();
            throw new ModelCallError(response.status, errorBodyMessage(text) ?? `POST /api/${endpoint} answered ${response.status}`);
        }
        if (stream) return chunks(response);
        return response.json();
    };
    return {
        generate: (input: unknown) => request("generate", input),
        chat: (input: unknown) => request("chat", input),
        embed: (input: unknown) => request("embed", input)
    } as Models;
}

/** The chunks of a streamed answer; a failure after streaming began throws a ModelCallError (500). */
async function* chunks(response: Response): AsyncGenerator<unknown> {
    try {
        yield* readNativeChunks<unknown>(response);
    } catch (error) {
        if (error instanceof StreamedError) throw new ModelCallError(500, error.message);
        throw error;
    }
}
