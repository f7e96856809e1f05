/**
 * @module scanJsonValue
 * Finds where a JSON value that starts at an offset ends, without parsing it, so a streaming parser
 * can tell "complete", "not complete yet" and "not JSON" apart as text arrives.
 */

export type JsonScan = { kind: "complete"; start: number; end: number } | { kind: "incomplete" } | { kind: "invalid" };

/**
 * Scans from `from` (after blanks). Objects and arrays are matched bracket by bracket, strings
 * and escapes respected; with `anyValue`, a string, number, true, false or null counts too (it is
 * complete once a character that cannot continue it follows).
 */
export function scanJsonValue(text: string, from: number, options: { anyValue?: boolean } = {}): JsonScan {
    let i = from;
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) return { kind: "incomplete" };
    const start = i;
    const first = text[i]!;
    if (first !== "{" && first !== "[") {
        if (!options.anyValue) return { kind: "invalid" };
        if (first === '"') {
            const end = stringEnd(text, i);
            return end < 0 ? { kind: "incomplete" } : { kind: "complete", start, end };
        }
        const match = /^(?:-?\d[\d.eE+-]*|true|false|null)/.exec(text.slice(i));
        if (!match) return { kind: "invalid" };
        const end = i + match[0].length;
        return end >= text.length ? { kind: "incomplete" } : { kind: "complete", start, end };
    }
    let depth = 0;
    while (i < text.length) {
        const char = text[i]!;
        if (char === '"') {
            const end = stringEnd(text, i);
            if (end < 0) return { kind: "incomplete" };
            i = end;
            continue;
        }
        if (char === "{" || char === "[") depth++;
        else if (char === "}" || char === "]") {
            depth--;
            if (depth === 0) return { kind: "complete", start, end: i + 1 };
        }
        i++;
    }
    return { kind: "incomplete" };
}

/** The index after the closing quote of the string opening at `i`, or -1 when it is not closed yet. */
function stringEnd(text: string, i: number): number {
    for (let j = i + 1; j < text.length; j++) {
        if (text[j] === "\\") j++;
        else if (text[j] === '"') return j + 1;
    }
    return -1;
}
