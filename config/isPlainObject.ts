/**
 * @module config/isPlainObject
 *
 * True for a TOML table or object literal, false for arrays, dates and class instances.
 * smol-toml builds tables with a null prototype, so both prototypes count as plain.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
    if (typeof value !== "object" || value === null) return false;
    const prototype: unknown = Object.getPrototypeOf(value);
    return prototype === Object.prototype || prototype === null;
}
