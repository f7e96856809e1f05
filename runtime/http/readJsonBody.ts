/**
 * @module readJsonBody
 * Reads and parses a JSON request body without ever holding more than `limitBytes` of it: the
 * body is streamed and reading stops as soon as the limit is passed. The parsed value is returned
 * as is (null, an array, …): callers validate its shape.
 */
import { BadRequestError } from "../errors/BadRequestError.js";
import { PayloadTooLargeError } from "../errors/PayloadTooLargeError.js";
import { locateJsonSyntaxError } from "./locateJsonSyntaxError.js";

/** JSON's whitespace; a body of only these is as missing as an empty one (Go's decoder says io.EOF). */
const blank = /^[ \t\r\n]*$/;

async function readLimited(body: ReadableStream<Uint8Array>, limitBytes: number): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = body.getReader();
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

/**
 * The parsed JSON body of `request`.
 * @throws PayloadTooLargeError (413) past `limitBytes`; BadRequestError (400) `missing request body`
 * when empty, or `invalid JSON in request body at line L, column C: <reason>`.
 */
export async function readJsonBody(request: Request, limitBytes: number): Promise<unknown> {
    const declared = Number(request.headers.get("Content-Length") ?? NaN);
    if (declared > limitBytes) {
        await request.body?.cancel();
        throw new PayloadTooLargeError(limitBytes);
    }
    const bytes = request.body ? await readLimited(request.body, limitBytes) : new Uint8Array();
    const text = new TextDecoder().decode(bytes);
    if (blank.test(text)) throw new BadRequestError("missing request body");
    try {
        return JSON.parse(text);
    } catch (error) {
        const problem = locateJsonSyntaxError(text);
        // Both parsers follow RFC 8259, so they agree; V8's message is only a fallback if they ever do not.
        const where = problem ? `at line ${problem.line}, column ${problem.column}` : "";
        const reason = problem ? problem.reason : (error as Error).message;
        throw new BadRequestError(`invalid JSON in request body${where ? " " + where : ""}: ${reason}`, { cause: error });
    }
}
