/**
 * @module ResponseReceiver
 * The one decoder of {@link ResponseMessage}s back into a Response: it exists once the head arrives,
 * and its body streams the chunks as they come. A failure before the head rejects the response with
 * the typed error, to be answered like any other; one after it ends the body with `finalError`'s
 * bytes (the API family's own last event) or, without them, errors the body. Used by the server's
 * Lane (a task's response) and by the worker (a `ctx.models` call's answer).
 */
import { failureError } from "./failureError.js";
import type { ResponseMessage } from "./messages.js";

const nullBodyStatuses = new Set([101, 204, 205, 304]);

export type ResponseReceiverOptions = {
    /** The reader cancelled the body (the client went away); later chunks are dropped. */
    onCancel(): void;
    /** The last bytes of a body that failed after its head, for its content type; undefined errors the body instead. */
    finalError?(error: Error, contentType: string): Uint8Array | undefined;
};

export class ResponseReceiver {
    readonly response: Promise<Response>;
    #resolve!: (response: Response) => void;
    #reject!: (error: Error) => void;
    #stream: ReadableStreamDefaultController<Uint8Array> | undefined;
    #contentType = "";
    #headed = false;
    #cancelled = false;
    #finished = false;

    constructor(private readonly options: ResponseReceiverOptions) {
        this.response = new Promise<Response>((resolve, reject) => {
            this.#resolve = resolve;
            this.#reject = reject;
        });
        // A response nobody awaits any more (its caller gave up) must not be an unhandled rejection.
        this.response.catch(() => undefined);
    }

    /** The response is complete (ended or failed). */
    get finished(): boolean {
        return this.#finished;
    }

    receive(message: ResponseMessage): void {
        if (this.#finished) return;
        switch (message.type) {
            case "head":
                this.#head(message);
                break;
            case "chunk":
                if (!this.#cancelled) this.#stream?.enqueue(message.bytes);
                break;
            case "end":
                this.#finished = true;
                if (!this.#headed) this.#reject(new Error("the response ended before its head"));
                else this.#close();
                break;
            case "failed":
                this.fail(failureError(message.failure));
                break;
        }
    }

    /** Ends the response with `error`: rejected before the head, the family's final error after it. */
    fail(error: Error): void {
        if (this.#finished) return;
        this.#finished = true;
        if (!this.#headed) return this.#reject(error);
        if (this.#cancelled || !this.#stream) return;
        const last = this.options.finalError?.(error, this.#contentType);
        try {
            if (last === undefined) return this.#stream.error(error);
            this.#stream.enqueue(last);
            this.#stream.close();
        } catch {
            // the reader is gone
        }
    }

    #head(message: Extract<ResponseMessage, { type: "head" }>): void {
        this.#headed = true;
        this.#contentType = message.headers.find(([name]) => name.toLowerCase() === "content-type")?.[1] ?? "";
        if (nullBodyStatuses.has(message.status)) {
            this.#finished = true;
            this.#resolve(new Response(null, { status: message.status, headers: message.headers }));
            return;
        }
        const body = new ReadableStream<Uint8Array>({
            start: (controller) => {
                this.#stream = controller;
                if (message.bytes) controller.enqueue(message.bytes);
            },
            cancel: () => {
                this.#cancelled = true;
                this.options.onCancel();
            }
        });
        this.#resolve(new Response(body, { status: message.status, headers: message.headers }));
    }

    #close(): void {
        try {
            if (!this.#cancelled) this.#stream?.close();
        } catch {
            // already cancelled by the reader
        }
    }
}
