/**
 * @module config/findUnknownKeys
 *
 * Lists keys the schema does not know, at the top level and inside each section, as
 * wrangler-style warnings (`Unexpected fields found in server field: "prot"`). They are
 * warnings rather than errors so a kettle.toml written for a newer Kettle still starts on
 * an older one, while a typo is still pointed out.
 */
import { isPlainObject } from "./isPlainObject.js";

/** Section name → an object whose `entries` hold that section's known keys (undefined: checked as a table of tables). */
export type KnownSections = Readonly<Record<string, { readonly entries: object } | undefined>>;

/**
 * `tables` are sections made of named tables (`[models."x"]`): each table's keys are checked
 * against the section's known keys, and reported under `models."x"`.
 */
export function findUnknownKeys(raw: unknown, sections: KnownSections, tables: KnownSections = {}): string[] {
    if (!isPlainObject(raw)) return [];
    const warnings: string[] = [];
    const unknownTop = Object.keys(raw).filter((key) => !Object.hasOwn(sections, key) && !Object.hasOwn(tables, key));
    if (unknownTop.length > 0) warnings.push(unexpected("top-level", unknownTop));

    const check = (field: string, section: unknown, schema: { readonly entries: object }) => {
        // A section of the wrong type is already an error; its keys mean nothing.
        if (!isPlainObject(section)) return;
        const unknown = Object.keys(section).filter((key) => !Object.hasOwn(schema.entries, key));
        if (unknown.length > 0) warnings.push(unexpected(field, unknown));
    };
    for (const [name, schema] of Object.entries(sections)) if (schema) check(name, raw[name], schema);
    for (const [name, schema] of Object.entries(tables)) {
        const section = raw[name];
        if (!schema || !isPlainObject(section)) continue;
        for (const [table, value] of Object.entries(section)) check(`${name}.${JSON.stringify(table)}`, value, schema);
    }
    return warnings;
}

function unexpected(field: string, keys: readonly string[]): string {
    const list = keys.map((key) => JSON.stringify(key)).join(", ");
    return `Unexpected fields found in ${field} field: ${list}`;
}
