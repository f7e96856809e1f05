/**
 * @module checkJsonSchema
 * Rejects a `format` (or tool parameters) that is not a JSON Schema, with the path of the first
 * problem. node-llama-cpp compiles what it understands and quietly ignores the rest, so a typo
 * like `"type": "strng"` would otherwise constrain nothing.
 */
import { BadRequestError } from "../errors/BadRequestError.js";

const types = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);
const numberKeywords = ["minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum", "minProperties", "maxProperties"];

/** Throws a BadRequestError (`<what>: <path>: <problem>`) unless `schema` is a JSON Schema. */
export function checkJsonSchema(schema: unknown, what: string): void {
    const problem = findProblem(schema, "");
    if (problem) throw new BadRequestError(`${what}: ${problem}`);
}

function findProblem(schema: unknown, path: string): string | undefined {
    const at = (key: string) => (path ? `${path}.${key}` : key);
    if (typeof schema === "boolean") return undefined;
    if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return `${path || "schema"}: expected a schema object`;
    const s = schema as Record<string, unknown>;
    if (s.type !== undefined) {
        const list = Array.isArray(s.type) ? s.type : [s.type];
        for (const type of list) {
            if (typeof type !== "string" || !types.has(type)) return `${at("type")}: ${JSON.stringify(type)} is not a JSON type`;
        }
    }
    for (const key of ["properties", "$defs", "definitions", "patternProperties"]) {
        if (s[key] === undefined) continue;
        const members = s[key];
        if (typeof members !== "object" || members === null || Array.isArray(members)) return `${at(key)}: expected an object of schemas`;
        for (const [name, member] of Object.entries(members)) {
            const problem = findProblem(member, `${at(key)}.${name}`);
            if (problem) return problem;
        }
    }
    for (const key of ["items", "additionalProperties", "not", "contains"]) {
        if (s[key] === undefined) continue;
        // Draft 4 tuples: an array of schemas under items.
        const members = key === "items" && Array.isArray(s[key]) ? (s[key] as unknown[]) : [s[key]];
        for (const [i, member] of members.entries()) {
            const problem = findProblem(member, members.length > 1 || Array.isArray(s[key]) ? `${at(key)}.${i}` : at(key));
            if (problem) return problem;
        }
    }
    for (const key of ["anyOf", "oneOf", "allOf", "prefixItems"]) {
        if (s[key] === undefined) continue;
        const members = s[key];
        if (!Array.isArray(members) || members.length === 0) return `${at(key)}: expected a non-empty array of schemas`;
        for (const [i, member] of members.entries()) {
            const problem = findProblem(member, `${at(key)}.${i}`);
            if (problem) return problem;
        }
    }
    if (s.required !== undefined && (!Array.isArray(s.required) || s.required.some((name) => typeof name !== "string"))) {
        return `${at("required")}: expected an array of property names`;
    }
    if (s.enum !== undefined && !Array.isArray(s.enum)) return `${at("enum")}: expected an array`;
    for (const key of numberKeywords) {
        if (s[key] !== undefined && typeof s[key] !== "number") return `${at(key)}: expected a number`;
    }
    return undefined;
}
