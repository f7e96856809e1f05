/**
 * @module config/parseBool
 *
 * Go's `strconv.ParseBool`, which is what Ollama uses for boolean env vars, so the same
 * spellings work for Kettle: 1, t, T, TRUE, true, True / 0, f, F, FALSE, false, False.
 * Returns undefined for anything else so the caller can report it with its own context.
 */
const TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const FALSE = new Set(["0", "f", "F", "FALSE", "false", "False"]);

export const BOOL_EXPECTED = "a boolean (1, t, true, TRUE, 0, f, false, FALSE)";

export function parseBool(text: string): boolean | undefined {
    if (TRUE.has(text)) return true;
    if (FALSE.has(text)) return false;
    return undefined;
}
