/**
 * @module sseResponse
 * OpenAI's streaming format: `text/event-stream`, each object as one `data: {json}` event, then
 * `data: [DONE]`. An error raised by the source once streaming has begun is written as a last event
 * `data: {"error": {...}}` (openai-node throws it as an APIError) and the stream ends without
 * `[DONE]`, so no client mistakes it for a complete answer. Items are pulled one at a time, so a
 * slow client holds generation back instead of buffering it; a client that goes away stops the source.
 */
import type { UnexpectedErrorLog } from "../http/errorMessage.js";
import { streamErrorEvent } from "../http/streamErrorEvent.js";

const encoder = new TextEncoder();
const contentType = "text/event-stream";

function event(data: string): Uint8Array {
    return encoder.encode(`data: ${data}\n\n`);
}

export function sseResponse(source: AsyncIterable<object>, options: { log?: UnexpectedErrorLog } = {}): Response {
    const iterator = source[Symbol.asyncIterator]();
    let finished = false;
    const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
            if (finished) return;
            try {
                const next = await iterator.next();
                if (finished) return;
                if (!next.done) return controller.enqueue(event(JSON.stringify(next.value)));
                finished = true;
                controller.enqueue(event("[DONE]"));
            } catch (error) {
                if (finished) return;
                finished = true;
                controller.enqueue(streamErrorEvent("openai", contentType, error, options.log)!);
            }
            controller.close();
        },
        // The client went away: stop the source (and so the native handler's generation).
        cancel() {
            finished = true;
            void Promise.resolve(iterator.return?.()).catch(() => undefined);
        }
    });
    return new Response(body, { status: 200, headers: { "Content-Type": contentType, "Cache-Control": "no-cache" } });
}
