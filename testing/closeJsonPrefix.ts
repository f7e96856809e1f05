/**
 * @module closeJsonPrefix
 * Completes the beginning of a JSON text (a grammar-constrained generation cut off by `num_predict`)
 * into a whole JSON text: the open string, a partial literal or number, a key without its value and
 * the open containers are closed. A text that is a prefix of valid JSON comes out valid; one that is
 * not stays invalid, so `JSON.parse` of the result is the check.
 */
const literals = ["true", "false", "null"];

export function closeJsonPrefix(text: string): string {
    const closers: string[] = [];
    let inString = false;
    let escaped = false;
    /** Hex digits still due in a `\uXXXX` escape. */
    let hexLeft = 0;
    let stringIsKey = false;
    /** The last character outside strings that is not a blank (`"` for a string that closed). */
    let last = "";
    let keyWithoutColon = false;
    for (const char of text) {
        if (inString) {
            if (hexLeft > 0) hexLeft--;
            else if (escaped) {
                escaped = false;
                if (char === "u") hexLeft = 4;
            } else if (char === "\\") escaped = true;
            else if (char === '"') {
                inString = false;
                last = '"';
                keyWithoutColon = stringIsKey;
            }
            continue;
        }
        if (/\s/.test(char)) continue;
        if (char === '"') {
            inString = true;
            stringIsKey = closers.at(-1) === "}" && (last === "{" || last === ",");
        } else if (char === "{") closers.push("}");
        else if (char === "[") closers.push("]");
        else if (char === "}" || char === "]") closers.pop();
        if (char === ":") keyWithoutColon = false;
        last = char;
    }

    let whole = text;
    if (inString) {
        // A dangling escape cannot be finished blindly: drop it, then close the string.
        if (escaped) whole = whole.slice(0, -1);
        else if (hexLeft > 0) whole = whole.slice(0, -(2 + 4 - hexLeft));
        whole += '"';
        if (stringIsKey) whole += ":null";
    } else {
        const tail = /[A-Za-z0-9.+-]+$/.exec(whole)?.[0] ?? "";
        const literal = literals.find((word) => tail !== "" && word.startsWith(tail));
        if (literal) whole += literal.slice(tail.length);
        else if (/[-+.eE]$/.test(tail)) whole += "0";
        else if (tail === "") {
            whole = whole.trimEnd();
            if (whole.endsWith(",")) whole = whole.slice(0, -1);
            else if (whole.endsWith(":")) whole += "null";
            else if (keyWithoutColon) whole += ":null";
        }
    }
    return whole + closers.reverse().join("");
}
