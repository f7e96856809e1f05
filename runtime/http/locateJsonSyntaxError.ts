/**
 * @module locateJsonSyntaxError
 * Finds where and why a text is not valid JSON, in the words of Go's encoding/json scanner
 * (`invalid character 'x' looking for beginning of value`), which is what Ollama answers. V8's own
 * messages change between Node versions and often give no position; this gives both, stably.
 * Called only after JSON.parse has failed, so it only has to be right, not fast. It is iterative,
 * so a deeply nested body cannot overflow the stack.
 */

/** Where a JSON text goes wrong: `offset` in UTF-16 units, 1-based `line` and `column`. */
export type JsonSyntaxError = { offset: number; line: number; column: number; reason: string };

type Container = "object" | "array";
/** What the scanner expects next, between tokens. */
type Expect = "value" | "valueOrClose" | "key" | "keyOrClose" | "colon" | "afterValue";

const escapes = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const isSpace = (ch: string | undefined) => ch === " " || ch === "\t" || ch === "\n" || ch === "\r";
const isDigit = (ch: string | undefined) => ch !== undefined && ch >= "0" && ch <= "9";
const isHex = (ch: string | undefined) => ch !== undefined && /^[0-9a-fA-F]$/.test(ch);

/** Go's `quoteChar`: the offending character in single quotes, escaped when not printable. */
function quoteChar(text: string, offset: number): string {
    const ch = String.fromCodePoint(text.codePointAt(offset) ?? 0);
    if (ch === "'") return "'\\''";
    if (ch === '"') return "'\"'";
    return `'${JSON.stringify(ch).slice(1, -1)}'`;
}

class JsonScanError extends Error {
    constructor(
        readonly offset: number,
        readonly reason: string
    ) {
        super(reason);
    }
}

function invalid(text: string, offset: number, context: string): JsonScanError {
    return new JsonScanError(offset, `invalid character ${quoteChar(text, offset)} ${context}`);
}

/** Scans a string starting at its opening quote; returns the offset after the closing quote. */
function scanString(text: string, start: number): number {
    let i = start + 1;
    for (;;) {
        const ch = text[i];
        if (ch === undefined) throw new JsonScanError(i, "unexpected end of JSON input");
        if (ch === '"') return i + 1;
        if (ch < " ") throw invalid(text, i, "in string literal");
        if (ch === "\\") {
            const escape = text[i + 1];
            if (escape === undefined) throw new JsonScanError(i + 1, "unexpected end of JSON input");
            if (escape === "u") {
                for (let k = i + 2; k < i + 6; k++) {
                    if (k >= text.length) throw new JsonScanError(k, "unexpected end of JSON input");
                    if (!isHex(text[k])) throw invalid(text, k, "in \\u hexadecimal character escape");
                }
                i += 6;
                continue;
            }
            if (!escapes.has(escape)) throw invalid(text, i + 1, "in string escape code");
            i += 2;
            continue;
        }
        i++;
    }
}

/** Scans `digits` (at least one), failing with Go's `context` message otherwise. */
function scanDigits(text: string, start: number, context: string): number {
    if (start >= text.length) throw new JsonScanError(start, "unexpected end of JSON input");
    if (!isDigit(text[start])) throw invalid(text, start, context);
    let i = start;
    while (isDigit(text[i])) i++;
    return i;
}

/** Scans a number; returns the offset after it. What follows is judged by the caller, as in Go. */
function scanNumber(text: string, start: number): number {
    let i = start;
    if (text[i] === "-") i++;
    // A leading 0 stands alone: "01" fails on the "1" after the value, as in Go.
    i = text[i] === "0" ? i + 1 : scanDigits(text, i, "in numeric literal");
    if (text[i] === ".") i = scanDigits(text, i + 1, "after decimal point in numeric literal");
    if (text[i] === "e" || text[i] === "E") {
        i++;
        if (text[i] === "+" || text[i] === "-") i++;
        i = scanDigits(text, i, "in exponent of numeric literal");
    }
    return i;
}

/** Scans `true`, `false` or `null`; returns the offset after it. */
function scanLiteral(text: string, start: number, literal: string): number {
    for (let k = 1; k < literal.length; k++) {
        const i = start + k;
        if (i >= text.length) throw new JsonScanError(i, "unexpected end of JSON input");
        if (text[i] !== literal[k]) throw invalid(text, i, `in literal ${literal} (expecting '${literal[k]}')`);
    }
    return start + literal.length;
}

function scanValue(text: string, i: number, stack: Container[]): { next: number; expect: Expect } {
    const ch = text[i];
    if (ch === "{") {
        stack.push("object");
        return { next: i + 1, expect: "keyOrClose" };
    }
    if (ch === "[") {
        stack.push("array");
        return { next: i + 1, expect: "valueOrClose" };
    }
    if (ch === '"') return { next: scanString(text, i), expect: "afterValue" };
    if (ch === "-" || isDigit(ch)) return { next: scanNumber(text, i), expect: "afterValue" };
    if (ch === "t") return { next: scanLiteral(text, i, "true"), expect: "afterValue" };
    if (ch === "f") return { next: scanLiteral(text, i, "false"), expect: "afterValue" };
    if (ch === "n") return { next: scanLiteral(text, i, "null"), expect: "afterValue" };
    throw invalid(text, i, "looking for beginning of value");
}

/** One step after whitespace: consumes the token at `i` and says what comes next. */
function step(text: string, i: number, expect: Expect, stack: Container[]): { next: number; expect: Expect } {
    const ch = text[i];
    switch (expect) {
        case "valueOrClose":
            if (ch === "]") {
                stack.pop();
                return { next: i + 1, expect: "afterValue" };
            }
            return scanValue(text, i, stack);
        case "value":
            return scanValue(text, i, stack);
        case "keyOrClose":
            if (ch === "}") {
                stack.pop();
                return { next: i + 1, expect: "afterValue" };
            }
            return step(text, i, "key", stack);
        case "key":
            if (ch !== '"') throw invalid(text, i, "looking for beginning of object key string");
            return { next: scanString(text, i), expect: "colon" };
        case "colon":
            if (ch !== ":") throw invalid(text, i, "after object key");
            return { next: i + 1, expect: "value" };
        case "afterValue": {
            const container = stack.at(-1);
            if (container === undefined) throw invalid(text, i, "after top-level value");
            const close = container === "object" ? "}" : "]";
            if (ch === close) {
                stack.pop();
                return { next: i + 1, expect: "afterValue" };
            }
            if (ch === ",") return { next: i + 1, expect: container === "object" ? "key" : "value" };
            throw invalid(text, i, container === "object" ? "after object key:value pair" : "after array element");
        }
        default:
            void (expect satisfies never);
            throw new Error(`unknown scanner state ${String(expect)}`);
    }
}

function position(text: string, offset: number, reason: string): JsonSyntaxError {
    const before = text.slice(0, offset);
    const lineStart = before.lastIndexOf("\n") + 1;
    const line = before.split("\n").length;
    return { offset, line, column: offset - lineStart + 1, reason };
}

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function locateJsonSyntaxError(text: string): JsonSyntaxError | undefined {
    const stack: Container[] = [];
    let expect: Expect = "value";
    let i = 0;
    try {
        for (;;) {
            while (isSpace(text[i])) i++;
            if (i >= text.length) {
                if (expect === "afterValue" && stack.length === 0) return undefined;
                return position(text, i, "unexpected end of JSON input");
            }
            ({ next: i, expect } = step(text, i, expect, stack));
        }
    } catch (error) {
        if (error instanceof JsonScanError) return position(text, error.offset, error.reason);
        throw error;
    }
}
