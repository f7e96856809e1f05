/**
 * @module LineCounter
 * A pass-through stream that counts the bytes and the non-empty lines going through it, and fails
 * (413) as soon as the bytes pass the limit, so an oversized upload stops being written at once.
 */
import { Transform, type TransformCallback } from "node:stream";
import { PayloadTooLargeError } from "../errors/PayloadTooLargeError.js";

const newline = 0x0a;
const carriageReturn = 0x0d;

export class LineCounter extends Transform {
    bytes = 0;
    lines = 0;
    readonly #maxBytes: number;
    /** Whether the line being read has anything in it yet. */
    #lineHasContent = false;

    constructor(maxBytes: number) {
        super();
        this.#maxBytes = maxBytes;
    }

    override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
        this.bytes += chunk.length;
        if (this.bytes > this.#maxBytes) {
            callback(new PayloadTooLargeError(this.#maxBytes));
            return;
        }
        for (let i = 0; i < chunk.length; i++) {
            const byte = chunk[i]!;
            if (byte === newline) {
                if (this.#lineHasContent) this.lines++;
                this.#lineHasContent = false;
            } else if (byte !== carriageReturn) this.#lineHasContent = true;
        }
        callback(null, chunk);
    }

    override _flush(callback: TransformCallback): void {
        if (this.#lineHasContent) this.lines++;
        callback();
    }
}
