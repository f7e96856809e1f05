/**
 * @module requestFields
 * valibot pieces shared by Ollama's request bodies. Unknown fields are allowed everywhere (clients
 * send extras, and Ollama ignores them); known fields must have their JSON type.
 */
import * as v from "valibot";

/** `options`: checked key by key later (validateParameters), so only "an object" here. */
export const optionsField = v.optional(v.nullable(v.record(v.string(), v.unknown())));

/** `keep_alive`: a number of seconds or a duration string; parsed by the control plane. */
export const keepAliveField = v.optional(v.nullable(v.union([v.number(), v.string()])));

/** `format`: `"json"`, `""` (none) or a JSON schema object. */
export const formatField = v.optional(v.nullable(v.union([v.string(), v.record(v.string(), v.unknown())])));

/** `think`: a boolean or a level. */
export const thinkField = v.optional(v.nullable(v.union([v.boolean(), v.picklist(["low", "medium", "high", "max"])])));

export const imagesField = v.optional(v.nullable(v.array(v.string())));

/** The format a generation should be constrained to, or undefined for free text. */
export function normalizeFormat(format: string | Record<string, unknown> | null | undefined): "json" | Record<string, unknown> | undefined {
    if (format === undefined || format === null || format === "") return undefined;
    if (typeof format === "string") return format === "json" ? "json" : undefined;
    return format;
}
