/**
 * @module eventStreamResponse
 * Typed server-sent events, as Anthropic's Messages and OpenAI's Responses stream them:
 * `text/event-stream`, each event written as `event: <type>\ndata: <json>\n\n` as soon as it is
 * produced. The status is 200 from the start, so a failure while streaming becomes a last error
 * event in the family's shape (Anthropic's `event: error` by default). A client that goes away
 * stops the source, and with it the generation.
 */
import type { UnexpectedErrorLog } from "./errorMessage.js";
import type { ErrorFamily } from "./errorResponse.js";
import { streamErrorEvent } from "./streamErrorEvent.js";

const encoder = new TextEncoder();
const contentType = "text/event-stream; charset=utf-8";

function encodeEvent(type: string, data: unknown): Uint8Array {
    return encoder.encode(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
}

export function eventStreamResponse(
    events: AsyncIterable<{ type: string }>,
    options: { log?: UnexpectedErrorLog; family?: ErrorFamily } = {}
): Response {
    const iterator = events[Symbol.asyncIterator]();
    let finished = false;
    const stopSource = () => void Promise.resolve(iterator.return?.()).catch(() => undefined);

    const body = new ReadableStream<Uint8Array>({
        // Pulled one event at a time, so a slow client holds generation back instead of buffering it here.
        async pull(controller) {
            let next: IteratorResult<{ type: string }>;
            try {
                next = await iterator.next();
            } catch (error) {
                if (finished) return;
                finished = true;
                stopSource();
                controller.enqueue(streamErrorEvent(options.family ?? "anthropic", contentType, error, options.log)!);
                return controller.close();
            }
            if (finished) return;
            if (next.done) {
                finished = true;
                return controller.close();
            }
            controller.enqueue(encodeEvent(next.value.type, next.value));
        },
        cancel() {
            finished = true;
            stopSource();
        }
    });
    return new Response(body, {
        status: 200,
        headers: { "Content-Type": contentType, "Cache-Control": "no-cache" }
    });
}
