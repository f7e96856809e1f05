/**
 * @module jsonNestingDepth
 * How deeply the arrays and objects of a JSON text nest, found by one pass over its characters
 * (strings skipped). A request body is checked before it is parsed: V8's JSON.stringify and
 * structured clone, which carry a body to the worker holding the model, overflow the stack a few
 * thousand levels down, and recursive checks (JSON schemas, templates) sooner.
 */
export function jsonNestingDepth(text: string): number {
    let depth = 0;
    let deepest = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
            if (c === 0x5c)
                i++; // a backslash escapes the next character
            else if (c === 0x22) inString = false;
        } else if (c === 0x22) {
            inString = true;
        } else if (c === 0x5b || c === 0x7b) {
            if (++depth > deepest) deepest = depth;
        } else if (c === 0x5d || c === 0x7d) {
            depth--;
        }
    }
    return deepest;
}
