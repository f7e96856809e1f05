/**
 * @module readBodyBytes
 * Reads a request body without ever holding more than `limitBytes` of it: a larger declared
 * Content-Length is refused before reading, and reading stops as soon as the limit is passed.
 */
import { PayloadTooLargeError } from "../errors/PayloadTooLargeError.js";

/** @throws PayloadTooLargeError (413) past `limitBytes`. */
export async function readBodyBytes(request: Request, limitBytes: number): Promise<Uint8Array> {
    const declared = Number(request.headers.get("Content-Length") ?? NaN);
    if (declared > limitBytes) {
        await request.body?.cancel();
        throw new PayloadTooLargeError(limitBytes);
    }
    if (!request.body) return new Uint8Array();
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = request.body.getReader();
    for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > limitBytes) {
            await reader.cancel();
            throw new PayloadTooLargeError(limitBytes);
        }
        chunks.push(value);
    }
    return Buffer.concat(chunks, total);
}
