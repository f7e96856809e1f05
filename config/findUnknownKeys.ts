/**
 * @module config/findUnknownKeys
 *
 * Lists keys the schema does not know, at the top level and inside each section, as
 * wrangler-style warnings (`Unexpected fields found in server field: "prot"`). They are
 * warnings rather than errors so a kettle.toml written for a newer Kettle still starts on
 * an older one, while a typo is still pointed out.
 */
import { isPlainObject } from "./isPlainObject.js";

/** Section name → an object whose `entries` hold that section's known keys. */
export type KnownSections = Readonly<Record<string, { readonly entries: object }>>;

export function findUnknownKeys(raw: unknown, sections: KnownSections): string[] {
    if (!isPlainObject(raw)) return [];
    const warnings: string[] = [];
    const unknownTop = Object.keys(raw).filter((key) => !Object.hasOwn(sections, key));
    if (unknownTop.length > 0) warnings.push(unexpected("top-level", unknownTop));

    for (const [name, schema] of Object.entries(sections)) {
        const section = raw[name];
        // A section of the wrong type is already an error; its keys mean nothing.
        if (!isPlainObject(section)) continue;
        const unknown = Object.keys(section).filter((key) => !Object.hasOwn(schema.entries, key));
        if (unknown.length > 0) warnings.push(unexpected(name, unknown));
    }
    return warnings;
}

function unexpected(field: string, keys: readonly string[]): string {
    const list = keys.map((key) => JSON.stringify(key)).join(", ");
    return `Unexpected fields found in ${field} field: ${list}`;
}
