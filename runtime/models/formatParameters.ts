/**
 * @module formatParameters
 * The `parameters` text of `/api/show`: one `name value` line per value, the name padded to 30
 * columns and strings quoted, as Ollama prints them (list values such as `stop` get a line each).
 */
export function formatParameters(parameters: Record<string, unknown>): string {
    const lines: string[] = [];
    for (const key of Object.keys(parameters).sort()) {
        const value = parameters[key];
        for (const item of Array.isArray(value) ? value : [value]) lines.push(`${key.padEnd(30)} ${JSON.stringify(item)}`);
    }
    return lines.join("\n");
}
