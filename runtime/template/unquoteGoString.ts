/**
 * @module unquoteGoString
 * Go's strconv.Unquote for the string literals a template may contain: "interpreted" strings with
 * Go escapes and `raw` strings. \x and octal escapes are single bytes, so the result is built as
 * UTF-8 bytes and decoded at the end, exactly as a Go string would hold them.
 */

const simpleEscapes: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 0x5c };

export class UnquoteError extends Error {
    constructor() {
        super("invalid syntax");
    }
}

interface Decoded {
    /** UTF-8 bytes of the decoded character. */
    bytes: number[];
    /** Index just after it in the source. */
    next: number;
}

function utf8(codePoint: number): number[] {
    return [...Buffer.from(String.fromCodePoint(codePoint), "utf8")];
}

function hexValue(text: string, start: number, length: number): number {
    const digits = text.slice(start, start + length);
    if (digits.length !== length || !/^[0-9a-fA-F]+$/.test(digits)) throw new UnquoteError();
    return parseInt(digits, 16);
}

/** strconv.UnquoteChar: one (possibly escaped) character of a literal quoted with `quote`. */
function unquoteChar(text: string, index: number, quote: string): Decoded {
    const char = String.fromCodePoint(text.codePointAt(index)!);
    if (char === quote && (quote === "'" || quote === '"')) throw new UnquoteError();
    if (char !== "\\") return { bytes: utf8(char.codePointAt(0)!), next: index + char.length };
    const escape = text[index + 1];
    if (escape === undefined) throw new UnquoteError();
    const simple = simpleEscapes[escape];
    if (simple !== undefined) return { bytes: [simple], next: index + 2 };
    switch (escape) {
        case "x":
            return { bytes: [hexValue(text, index + 2, 2)], next: index + 4 };
        case "u":
        case "U": {
            const length = escape === "u" ? 4 : 8;
            const codePoint = hexValue(text, index + 2, length);
            if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) throw new UnquoteError();
            return { bytes: utf8(codePoint), next: index + 2 + length };
        }
        case "'":
        case '"':
            // Each quote may only be escaped inside its own kind of literal.
            if (escape !== quote) throw new UnquoteError();
            return { bytes: [escape.charCodeAt(0)], next: index + 2 };
    }
    if (escape >= "0" && escape <= "7") {
        const digits = text.slice(index + 1, index + 4);
        if (!/^[0-7]{3}$/.test(digits)) throw new UnquoteError();
        const value = parseInt(digits, 8);
        if (value > 255) throw new UnquoteError();
        return { bytes: [value], next: index + 4 };
    }
    throw new UnquoteError();
}

/** Decodes a quoted Go string literal (quotes included); throws UnquoteError("invalid syntax"). */
export function unquoteGoString(literal: string): string {
    const quote = literal[0];
    if (literal.length < 2 || literal[literal.length - 1] !== quote) throw new UnquoteError();
    const body = literal.slice(1, -1);
    if (quote === "`") {
        if (body.includes("`")) throw new UnquoteError();
        // Go drops carriage returns from raw strings.
        return body.replaceAll("\r", "");
    }
    if (quote !== '"') throw new UnquoteError();
    if (body.includes("\n")) throw new UnquoteError();
    if (!body.includes("\\") && !body.includes('"')) return body;
    const bytes: number[] = [];
    for (let index = 0; index < body.length;) {
        const decoded = unquoteChar(body, index, '"');
        bytes.push(...decoded.bytes);
        index = decoded.next;
    }
    return Buffer.from(bytes).toString("utf8");
}

/** Decodes a Go character constant such as 'a' or '\n' to its code point. */
export function unquoteGoChar(literal: string): number {
    if (literal.length < 3 || literal[0] !== "'" || literal[literal.length - 1] !== "'") throw new UnquoteError();
    const body = literal.slice(1, -1);
    const decoded = unquoteChar(body, 0, "'");
    if (decoded.next !== body.length) throw new UnquoteError();
    const text = Buffer.from(decoded.bytes).toString("utf8");
    // A lone \x or octal byte is the value itself, not a UTF-8 sequence.
    return decoded.bytes.length === 1 ? decoded.bytes[0]! : text.codePointAt(0)!;
}
