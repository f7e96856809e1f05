/**
 * @module config/describeValue
 *
 * Renders a user-supplied value for the "but got <Y>" half of an error message. Strings are
 * quoted so that `""` and `" 5"` are visible; everything else is shown the way it would be
 * written in TOML/JSON.
 */
export function describeValue(value: unknown): string {
    if (value === undefined) return "undefined";
    if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") {
        return String(value);
    }
    if (value instanceof Date) return value.toISOString();
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        // Cyclic or otherwise unserialisable: fall back rather than fail while reporting a failure.
        return String(value);
    }
}
