/**
 * @module valueKind
 * How template execution sees JavaScript data in Go terms. Plain objects (and null-prototype
 * objects) are maps; instances of classes are structs, so they are always true and are never
 * ranged over; functions are methods. null and undefined are both Go's nil.
 */

export type ValueKind = "nil" | "bool" | "number" | "string" | "slice" | "map" | "struct" | "func";

export function isPlainObject(value: object): boolean {
    const prototype: unknown = Object.getPrototypeOf(value);
    return prototype === Object.prototype || prototype === null;
}

export function valueKind(value: unknown): ValueKind {
    if (value === null || value === undefined) return "nil";
    switch (typeof value) {
        case "boolean":
            return "bool";
        case "number":
        case "bigint":
            return "number";
        case "string":
            return "string";
        case "function":
            return "func";
        case "object":
            if (Array.isArray(value)) return "slice";
            return isPlainObject(value) ? "map" : "struct";
        default:
            // Symbols have no Go counterpart; treat them like an opaque struct.
            return "struct";
    }
}

/** The Go type name used in messages: JavaScript numbers are int when integral, else float64. */
export function goTypeName(value: unknown): string {
    switch (valueKind(value)) {
        case "nil":
            return "<nil>";
        case "bool":
            return "bool";
        case "number":
            return typeof value === "bigint" || Number.isInteger(value) ? "int" : "float64";
        case "string":
            return "string";
        case "slice":
            return "[]interface {}";
        case "map":
            return "map[string]interface {}";
        case "func":
            return "func";
        case "struct":
            return (value as object).constructor?.name || "struct {}";
    }
}

/** Own enumerable keys in Go's map order (sorted), as range and fmt visit them. */
export function sortedKeys(value: object): string[] {
    return Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Go's template truth: false, 0, nil, and empty strings, slices and maps are false. */
export function isTrue(value: unknown): boolean {
    switch (valueKind(value)) {
        case "nil":
            return false;
        case "bool":
            return value as boolean;
        case "number":
            return typeof value === "bigint" ? value !== 0n : value !== 0;
        case "string":
            return (value as string).length > 0;
        case "slice":
            return (value as unknown[]).length > 0;
        case "map":
            return Object.keys(value as object).length > 0;
        case "struct":
        case "func":
            return true;
    }
}
