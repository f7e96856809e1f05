/**
 * @module parseGoNumber
 * The value of a number literal in a template, following parse.newNumber: integers in Go syntax
 * (0x, 0o, 0b, leading-0 octal, underscores) first, then floats. Complex constants are rejected
 * because JavaScript has nowhere to put them.
 */

export class NumberSyntaxError extends Error {}

const integerPatterns: [RegExp, number][] = [
    [/^0[xX]_?[0-9a-fA-F]+(_[0-9a-fA-F]+)*$/, 16],
    [/^0[oO]_?[0-7]+(_[0-7]+)*$/, 8],
    [/^0[bB]_?[01]+(_[01]+)*$/, 2],
    [/^0_?[0-7]+(_[0-7]+)*$/, 8],
    [/^(0|[1-9](_?[0-9])*)$/, 10]
];

const prefixLength: Record<number, number> = { 16: 2, 2: 2, 10: 0 };

/** strconv.ParseInt/ParseUint with base 0, as BigInt; null when the text is not an integer. */
function parseGoInteger(text: string): bigint | null {
    const negative = text.startsWith("-");
    const unsigned = text.replace(/^[+-]/, "");
    for (const [pattern, base] of integerPatterns) {
        if (!pattern.test(unsigned)) continue;
        let digits = unsigned.replaceAll("_", "");
        digits = digits.slice(base === 8 ? (/^0[oO]/.test(digits) ? 2 : 1) : (prefixLength[base] ?? 0));
        let value = 0n;
        for (const digit of digits) value = value * BigInt(base) + BigInt(parseInt(digit, base));
        return negative ? -value : value;
    }
    return null;
}

/** strconv.ParseFloat for decimal and hexadecimal floating-point literals. */
function parseGoFloat(text: string): number | null {
    const clean = text.replaceAll("_", "");
    const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(clean);
    if (hex) {
        const [, sign, whole = "", fraction = "", exponent = "0"] = hex;
        if (whole === "" && fraction === "") return null;
        const mantissa = parseInt(whole + fraction || "0", 16) / 16 ** fraction.length;
        return (sign === "-" ? -1 : 1) * mantissa * 2 ** Number(exponent);
    }
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean)) return null;
    return Number(clean);
}

/** Returns the literal's value; throws NumberSyntaxError with Go's message when it has none. */
export function parseGoNumber(text: string): number {
    if (text.endsWith("i")) throw new NumberSyntaxError(`complex constants are not supported: ${JSON.stringify(text)}`);
    const integer = parseGoInteger(text);
    if (integer !== null) {
        if (integer > 18446744073709551615n || integer < -9223372036854775808n) {
            throw new NumberSyntaxError(`integer overflow: ${JSON.stringify(text)}`);
        }
        return Number(integer);
    }
    const float = parseGoFloat(text);
    if (float === null) throw new NumberSyntaxError(`illegal number syntax: ${JSON.stringify(text)}`);
    // Go reads digits-only text that did not parse as an integer as an overflowing integer.
    if (!/[.eEpP]/.test(text)) throw new NumberSyntaxError(`integer overflow: ${JSON.stringify(text)}`);
    return float;
}
