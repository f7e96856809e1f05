/**
 * @module readJsonBody
 * Reads and parses a JSON request body without ever holding more than `limitBytes` of it (see
 * readBodyBytes). The parsed value is returned
 * as is (null, an array, …): callers validate its shape.
 */
import { BadRequestError } from "../errors/BadRequestError.js";
import { readBodyBytes } from "./readBodyBytes.js";
import { jsonNestingDepth } from "./jsonNestingDepth.js";
import { locateJsonSyntaxError } from "./locateJsonSyntaxError.js";

/** JSON's whitespace; a body of only these is as missing as an empty one (Go's decoder says io.EOF). */
const blank = /^[ \t\r\n]*$/;

/** Far deeper than any real request (tool schemas nest a few levels); far shallower than what overflows the stack. */
export const maxJsonNesting = 256;

/**
 * The parsed JSON body of `request`.
 * @throws PayloadTooLargeError (413) past `limitBytes`; BadRequestError (400) `missing request body`
 * when empty, `invalid JSON in request body at line L, column C: <reason>`, or when nested deeper
 * than {@link maxJsonNesting}.
 */
export async function readJsonBody(request: Request, limitBytes: number): Promise<unknown> {
    return parseJsonBody(await readBodyBytes(request, limitBytes));
}

/** A body already read, parsed with the same errors. */
export function parseJsonBody(bytes: Uint8Array): unknown {
    const text = new TextDecoder().decode(bytes);
    if (blank.test(text)) throw new BadRequestError("missing request body");
    if (jsonNestingDepth(text) > maxJsonNesting)
        throw new BadRequestError(`invalid JSON in request body: arrays and objects nest deeper than ${maxJsonNesting} levels`);
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
