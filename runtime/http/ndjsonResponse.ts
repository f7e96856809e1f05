/**
 * @module ndjsonResponse
 * Ollama's streaming format: `application/x-ndjson`, one JSON object per line, written as the
 * source produces them. The first item is awaited before the response exists, so a request that
 * fails before producing anything (model not found, queue full) still gets its proper status and
 * `{"error"}` body. Once streaming has begun the status is 200 and cannot change, so a later error
 * becomes a final `{"error": "..."}` line, as Ollama writes it.
 */
import { RequestCanceledError } from "../errors/RequestCanceledError.js";
import type { UnexpectedErrorLog } from "./errorMessage.js";
import { errorResponse } from "./errorResponse.js";
import { streamErrorEvent } from "./streamErrorEvent.js";

export type NdjsonResponseOptions = {
    /**
     * The request's signal. When it aborts, the source is stopped (`return()`), a final
     * `{"error":"request canceled"}` line is written and the stream ends; an error raised while it
     * is aborted is reported as the cancellation (499 before streaming), not as a failure.
     */
    signal?: AbortSignal;
    /** Receives errors that are not KettleErrors. Defaults to stderr. */
    log?: UnexpectedErrorLog;
};

const encoder = new TextEncoder();
const contentType = "application/x-ndjson";

function encodeLine(value: unknown): Uint8Array {
    return encoder.encode(JSON.stringify(value) + "\n");
}

/** Streams `source` as NDJSON; resolves once the first item (or the first error) is known. */
export async function ndjsonResponse(source: AsyncIterable<object>, options: NdjsonResponseOptions = {}): Promise<Response> {
    const { signal, log } = options;
    const iterator = source[Symbol.asyncIterator]();
    const reported = (error: unknown) => (signal?.aborted ? new RequestCanceledError({ cause: error }) : error);

    let firstLine: Uint8Array | undefined;
    try {
        const first = await iterator.next();
        if (!first.done) firstLine = encodeLine(first.value);
    } catch (error) {
        // The iterator may still be suspended (a throwing JSON.stringify), so let it clean up.
        void stopSource();
        return errorResponse(reported(error), log);
    }

    let finished = false;
    let onAbort: (() => void) | undefined;

    function stopSource(): Promise<void> {
        // Runs the generator's `finally` blocks so generation stops; errors there concern no one anymore.
        return Promise.resolve(iterator.return?.()).then(
            () => undefined,
            () => undefined
        );
    }

    function finish(controller: ReadableStreamDefaultController<Uint8Array>, lastLine?: Uint8Array): void {
        if (finished) return;
        finished = true;
        if (onAbort) signal?.removeEventListener("abort", onAbort);
        if (lastLine) controller.enqueue(lastLine);
        controller.close();
    }

    const body = new ReadableStream<Uint8Array>({
        start(controller) {
            if (firstLine === undefined) return finish(controller);
            controller.enqueue(firstLine);
            if (!signal) return;
            onAbort = () => {
                void stopSource();
                finish(controller, streamErrorEvent("ollama", contentType, new RequestCanceledError()));
            };
            if (signal.aborted) onAbort();
            else signal.addEventListener("abort", onAbort, { once: true });
        },
        // Pulled one item at a time, so a slow client holds generation back instead of buffering it here.
        async pull(controller) {
            let line: Uint8Array | undefined;
            try {
                const result = await iterator.next();
                if (!result.done) line = encodeLine(result.value);
            } catch (error) {
                if (finished) return;
                void stopSource();
                return finish(controller, streamErrorEvent("ollama", contentType, reported(error), log));
            }
            if (finished) return;
            if (line === undefined) return finish(controller);
            controller.enqueue(line);
        },
        // The consumer went away (client disconnected): stop generating.
        // Not awaited: a generator busy in `next()` only runs its `finally` once that step settles.
        cancel() {
            finished = true;
            if (onAbort) signal?.removeEventListener("abort", onAbort);
            void stopSource();
        }
    });

    return new Response(body, { status: 200, headers: { "Content-Type": contentType } });
}
