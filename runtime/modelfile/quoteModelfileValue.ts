/**
 * @module quoteModelfileValue
 * Writes a value so that `readModelfileValue` reads back exactly the same string: the inverse of
 * the Modelfile quoting rules, used by `formatModelfile` for `show --modelfile`.
 */

export interface QuoteOptions {
    /**
     * Wrap values that contain spaces in `"..."`. Paths and names (FROM, ADAPTER) read back fine
     * bare, and Ollama writes them bare. Defaults to true.
     */
    quoteSpaces?: boolean;
}

/**
 * One value cannot be written: a multi-line value with a non-final line ending in """ (that line
 * would close the block early). It is written anyway, as Ollama does: show must not fail on stored text.
 */
export function quoteModelfileValue(value: string, options: QuoteOptions = {}): string {
    // A bare value is trimmed and a "..." value ends at its first quote, so anything with a
    // newline, a quote, or whitespace at either end only survives inside """...""".
    if (/[\r\n"]/.test(value) || /^\s|\s$/.test(value)) return `"""${value}"""`;
    if (value === "") return '""';
    if ((options.quoteSpaces ?? true) && /\s/.test(value)) {
        // In "...", a final backslash would read as an escaped closing quote.
        return value.endsWith("\\") ? `"""${value}"""` : `"${value}"`;
    }
    return value;
}
