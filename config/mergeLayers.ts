/**
 * @module config/mergeLayers
 *
 * Deep-merges raw configuration layers, later layers winning key by key: tables merge
 * recursively, anything else (numbers, strings, arrays) is replaced whole. An `undefined`
 * value does not override, so the CLI can pass every flag and leave unset ones undefined.
 * Inputs are never mutated; the defaults object in particular is shared.
 */
import { isPlainObject } from "./isPlainObject.js";

export function mergeLayers(...layers: readonly unknown[]): Record<string, unknown> {
    let merged: Record<string, unknown> = {};
    for (const layer of layers) {
        if (isPlainObject(layer)) merged = mergeTwo(merged, layer);
    }
    return merged;
}

function mergeTwo(base: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const result: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) {
        if (value === undefined) continue;
        const current = result[key];
        const next = isPlainObject(value)
            ? mergeTwo(isPlainObject(current) ? current : {}, value)
            : Array.isArray(value)
              ? [...(value as unknown[])]
              : value;
        // defineProperty, not assignment: a TOML key named "__proto__" must stay a plain key.
        Object.defineProperty(result, key, {
            value: next,
            enumerable: true,
            writable: true,
            configurable: true
        });
    }
    return result;
}
