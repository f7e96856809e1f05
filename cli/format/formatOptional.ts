/**
 * @module formatOptional
 * A cell for a field that only some servers send (Kettle's own `/api/ps` fields): the value as
 * text, or `-` when the server did not send it, so older servers and Ollama still line up.
 */
export function formatOptional(value: string | number | undefined | null): string {
    if (value === undefined || value === null || value === "") return "-";
    return String(value);
}
