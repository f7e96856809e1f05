/**
 * @module describeReceived
 * The "got …" half of a request-validation message: the JSON type of what the client sent, with a
 * short rendering of a scalar (`string "hot"`, `number 1.5`), so the message says both what was
 * wrong and where it came from. Long strings are cut: a message must stay small whatever was sent.
 */
const maxShown = 40;

export function describeReceived(value: unknown): string {
    if (value === null) return "null";
    if (value === undefined) return "nothing";
    if (Array.isArray(value)) return "array";
    switch (typeof value) {
        case "string": {
            const shown = value.length > maxShown ? `${JSON.stringify(value.slice(0, maxShown)).slice(0, -1)}…"` : JSON.stringify(value);
            return `string ${shown}`;
        }
        case "number":
        case "boolean":
            return `${typeof value} ${String(value)}`;
        case "object":
            return "object";
        default:
            return typeof value;
    }
}
