/**
 * @module quoteGoString
 * Go's strconv.Quote (and QuoteToASCII with `ascii`), needed for error messages and printf's %q.
 * Printable means unicode.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space.
 */

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** unicode.IsPrint for one code point. */
export function isGoPrintable(codePoint: number): boolean {
    return codePoint === 0x20 || printable.test(String.fromCodePoint(codePoint));
}

function hex(value: number, width: number): string {
    return value.toString(16).padStart(width, "0");
}

/** Escapes one rune the way strconv.appendEscapedRune does. */
export function escapeGoRune(codePoint: number, quote: number, ascii: boolean): string {
    if (codePoint === quote || codePoint === 0x5c) return "\\" + String.fromCodePoint(codePoint);
    // JS strings may hold lone surrogates; Go strings cannot, so they stand for invalid UTF-8.
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) return "\\ufffd";
    if (ascii ? codePoint < 0x80 && isGoPrintable(codePoint) : isGoPrintable(codePoint)) return String.fromCodePoint(codePoint);
    switch (codePoint) {
        case 0x07:
            return "\\a";
        case 0x08:
            return "\\b";
        case 0x0c:
            return "\\f";
        case 0x0a:
            return "\\n";
        case 0x0d:
            return "\\r";
        case 0x09:
            return "\\t";
        case 0x0b:
            return "\\v";
    }
    if (codePoint < 0x20 || codePoint === 0x7f) return "\\x" + hex(codePoint, 2);
    if (codePoint < 0x10000) return "\\u" + hex(codePoint, 4);
    return "\\U" + hex(codePoint, 8);
}

export function quoteGoString(text: string, ascii = false): string {
    let out = '"';
    for (const char of text) out += escapeGoRune(char.codePointAt(0)!, 0x22, ascii);
    return out + '"';
}

/** strconv.QuoteRune, used by %q on integers. */
export function quoteGoRune(codePoint: number, ascii = false): string {
    const valid = codePoint >= 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff);
    return "'" + escapeGoRune(valid ? codePoint : 0xfffd, 0x27, ascii) + "'";
}

/** strconv.CanBackquote: printf's %#q uses a raw string when this holds. */
export function canBackquote(text: string): boolean {
    for (const char of text) {
        const codePoint = char.codePointAt(0)!;
        if (codePoint === 0x60 || codePoint === 0xfeff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return false;
        if (codePoint < 0x20 ? codePoint !== 0x09 : codePoint === 0x7f) return false;
    }
    return true;
}
