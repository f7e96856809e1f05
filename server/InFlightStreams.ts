/**
 * @module InFlightStreams
 * The streamed responses (NDJSON, server-sent events) being sent, so that a shutdown whose time is
 * up can end each with its API's last error event (streamErrorEvent) instead of cutting it: the
 * client reads a clean end and a reason. Ending one also cancels its source, which stops its
 * generation. Other responses pass through untouched. Only POST responses are looked at (createApp):
 * a user's function streaming on GET is not ended this way, only cut when the server closes.
 */
import type { ErrorFamily } from "../runtime/http/errorResponse.js";
import { streamErrorEvent } from "../runtime/http/streamErrorEvent.js";

type Entry = { end(error: Error): void };

export class InFlightStreams {
    readonly #streams = new Set<Entry>();

    /** The response, its body relayed through a stream this tracker can end. */
    track(response: Response, family: ErrorFamily): Response {
        const contentType = response.headers.get("content-type") ?? "";
        if (!response.body || !/ndjson|text\/event-stream/i.test(contentType)) return response;
        const reader = response.body.getReader();
        const streams = this.#streams;
        let entry: Entry;
        let done = false;
        const finish = () => {
            done = true;
            streams.delete(entry);
        };
        const body = new ReadableStream<Uint8Array>({
            start(controller) {
                entry = {
                    end(error) {
                        if (done) return;
                        finish();
                        const last = streamErrorEvent(family, contentType, error);
                        if (last) controller.enqueue(last);
                        controller.close();
                        void reader.cancel(error).catch(() => undefined);
                    }
                };
                streams.add(entry);
            },
            async pull(controller) {
                try {
                    const next = await reader.read();
                    if (done) return;
                    if (next.done) {
                        finish();
                        controller.close();
                    } else controller.enqueue(next.value);
                } catch (error) {
                    if (done) return;
                    finish();
                    controller.error(error);
                }
            },
            cancel(reason) {
                finish();
                return reader.cancel(reason);
            }
        });
        return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    }

    /** Ends every stream with `error` as its last event. */
    endAll(error: Error): void {
        for (const entry of [...this.#streams]) entry.end(error);
    }
}
