/**
 * @module sendResponse
 * The one encoder of a Response into {@link ResponseMessage}s: the head with the body's first piece,
 * then a chunk per piece, then `end`; a body that fails while it is read ends with `failed`. Used by
 * the worker (a handler's response, to the lane) and by the server (a `ctx.models` call's answer,
 * to the worker). Each piece is copied into a buffer of its own, so it is transferred, not cloned.
 */
import type { ResponseMessage, TaskFailure } from "./messages.js";

export type PostResponseMessage = (message: ResponseMessage, transfer: ArrayBuffer[]) => void;

export async function sendResponse(
    response: Response,
    post: PostResponseMessage,
    options: {
        /** Stops reading (the receiver went away); the stream then just ends. */
        signal?: AbortSignal;
        /** How a body that fails mid-read is reported. */
        failure: (error: unknown) => TaskFailure;
    }
): Promise<void> {
    const reader = response.body?.getReader();
    const cancel = () => void reader?.cancel().catch(() => undefined);
    options.signal?.addEventListener("abort", cancel, { once: true });
    if (options.signal?.aborted) cancel();
    const head = { status: response.status, headers: [...response.headers] };
    try {
        const first = reader ? await reader.read() : undefined;
        const bytes = first && !first.done ? new Uint8Array(first.value) : undefined;
        post({ type: "head", ...head, ...(bytes ? { bytes } : {}) }, bytes ? [bytes.buffer as ArrayBuffer] : []);
        if (reader && bytes) {
            for (;;) {
                const next = await reader.read();
                if (next.done) break;
                const chunk = new Uint8Array(next.value);
                post({ type: "chunk", bytes: chunk }, [chunk.buffer as ArrayBuffer]);
            }
        }
        post({ type: "end" }, []);
    } catch (error) {
        if (options.signal?.aborted) post({ type: "end" }, []);
        else post({ type: "failed", failure: options.failure(error) }, []);
    } finally {
        options.signal?.removeEventListener("abort", cancel);
    }
}
