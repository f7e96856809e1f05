/**
 * @module readModelfileValue
 * Reads the value of one Modelfile instruction: bare text to the end of the line, a `"..."` string
 * on one line, or a `"""..."""` block that may run over many lines. `quoteModelfileValue` is its
 * inverse; keep the two in step.
 */
import { ModelfileError } from "./ModelfileError.js";

export interface ModelfileValue {
    value: string;
    /** Index (0-based) of the last line the value used; the caller resumes after it. */
    lastLine: number;
}

const triple = '"""';

/**
 * @param lines the whole file, split on "\n"
 * @param index 0-based index of the line the value starts on
 * @param rest the text after the instruction (and its name/role), leading whitespace removed
 * @param label how to name the instruction in errors, e.g. "TEMPLATE" or "PARAMETER stop"
 */
export function readModelfileValue(lines: readonly string[], index: number, rest: string, label: string): ModelfileValue {
    if (rest.startsWith(triple)) return readTripleQuoted(lines, index, rest.slice(triple.length), label);
    if (rest.startsWith('"')) return { value: readQuoted(index, rest, label), lastLine: index };
    return { value: rest.trim(), lastLine: index };
}

/**
 * Like Ollama, a block ends on the first line whose text, ignoring trailing whitespace, ends in
 * `"""`; so `"""` inside a line is content, and `"""say "hi""""` holds `say "hi"`.
 */
function readTripleQuoted(lines: readonly string[], index: number, firstRest: string, label: string): ModelfileValue {
    const parts: string[] = [];
    let text = firstRest;
    for (let i = index; ;) {
        const trimmed = text.trimEnd();
        if (trimmed.endsWith(triple)) {
            parts.push(trimmed.slice(0, -triple.length));
            return { value: parts.join("\n"), lastLine: i };
        }
        parts.push(text);
        i++;
        const next = lines[i];
        if (next === undefined) throw new ModelfileError(index + 1, `unterminated """ string in ${label}`);
        text = next;
    }
}

/** A one-line `"..."` value; `\"` stands for a quote, every other backslash is kept as is. */
function readQuoted(index: number, rest: string, label: string): string {
    let value = "";
    for (let i = 1; i < rest.length; i++) {
        const ch = rest[i];
        if (ch === "\\" && rest[i + 1] === '"') {
            value += '"';
            i++;
        } else if (ch === '"') {
            if (rest.slice(i + 1).trim() !== "") {
                throw new ModelfileError(index + 1, `unexpected text after closing " in ${label}`);
            }
            return value;
        } else {
            value += ch;
        }
    }
    throw new ModelfileError(index + 1, `unterminated " string in ${label}`);
}
