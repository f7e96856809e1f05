/**
 * @module prefixGbnfRules
 * Renames every rule of a GBNF grammar with a prefix, references included, so that grammars
 * compiled separately (one JSON schema per tool) can be joined into one without their rule names
 * colliding. String literals and character classes are left as they are.
 */

export function prefixGbnfRules(grammar: string, prefix: string): string {
    const defined = new Set([...grammar.matchAll(/^\s*([A-Za-z][A-Za-z0-9-]*)\s*::=/gm)].map((match) => match[1]!));
    let out = "";
    let i = 0;
    while (i < grammar.length) {
        const char = grammar[i]!;
        if (char === '"' || char === "[") {
            // A literal or a class: copy through its closing character, skipping escaped ones.
            const close = char === '"' ? '"' : "]";
            let j = i + 1;
            while (j < grammar.length && grammar[j] !== close) j += grammar[j] === "\\" ? 2 : 1;
            out += grammar.slice(i, j + 1);
            i = j + 1;
        } else if (char === "#") {
            const end = grammar.indexOf("\n", i);
            const stop = end < 0 ? grammar.length : end;
            out += grammar.slice(i, stop);
            i = stop;
        } else if (/[A-Za-z]/.test(char)) {
            const name = /^[A-Za-z][A-Za-z0-9-]*/.exec(grammar.slice(i))![0];
            out += defined.has(name) ? prefix + name : name;
            i += name.length;
        } else {
            out += char;
            i++;
        }
    }
    return out;
}
