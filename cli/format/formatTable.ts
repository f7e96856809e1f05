/**
 * @module formatTable
 * Ollama's CLI tables (tablewriter with no borders, no header line, left-aligned, columns
 * separated by four spaces). Trailing spaces are trimmed.
 */
export function formatTable(rows: readonly (readonly string[])[]): string {
    const widths: number[] = [];
    for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
    return rows
        .map((row) =>
            row
                .map((cell, i) => cell + " ".repeat((widths[i] ?? 0) - displayWidth(cell)))
                .join("    ")
                .trimEnd()
        )
        .map((line) => `${line}\n`)
        .join("");
}

/** Characters, not UTF-16 units, so names with non-BMP characters still align. */
function displayWidth(text: string): number {
    return [...text].length;
}
