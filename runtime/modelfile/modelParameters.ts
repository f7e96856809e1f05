/**
 * @module modelParameters
 * The table of model parameters Kettle accepts: exactly the JSON tags of Ollama's `api.Options`,
 * with their types, plus the two ways values arrive: as Modelfile text (`PARAMETER num_ctx 4096`)
 * and as JSON in the HTTP API's `options` / `parameters` objects.
 */
import { describeReceived } from "../http/describeReceived.js";
import { InvalidParameterError } from "./InvalidParameterError.js";

export type ParameterType = "integer" | "float" | "boolean" | "stringList";

export interface ParameterSpec {
    readonly type: ParameterType;
    /** Accepted for compatibility with old Modelfiles and clients, then warned about and dropped. */
    readonly deprecated?: true;
    /** Applied when the model is loaded, so changing it means a reload (Ollama's `Runner` options). */
    readonly loadTime?: true;
}

const table = {
    num_keep: { type: "integer" },
    seed: { type: "integer" },
    num_predict: { type: "integer" },
    top_k: { type: "integer" },
    top_p: { type: "float" },
    min_p: { type: "float" },
    typical_p: { type: "float" },
    repeat_last_n: { type: "integer" },
    temperature: { type: "float" },
    repeat_penalty: { type: "float" },
    presence_penalty: { type: "float" },
    frequency_penalty: { type: "float" },
    stop: { type: "stringList" },
    num_ctx: { type: "integer", loadTime: true },
    num_batch: { type: "integer", loadTime: true },
    num_gpu: { type: "integer", loadTime: true },
    main_gpu: { type: "integer", loadTime: true },
    use_mmap: { type: "boolean", loadTime: true },
    num_thread: { type: "integer", loadTime: true },
    draft_num_predict: { type: "integer", loadTime: true },
    penalize_newline: { type: "boolean", deprecated: true },
    low_vram: { type: "boolean", deprecated: true },
    f16_kv: { type: "boolean", deprecated: true },
    logits_all: { type: "boolean", deprecated: true },
    vocab_only: { type: "boolean", deprecated: true },
    use_mlock: { type: "boolean", deprecated: true },
    mirostat: { type: "integer", deprecated: true },
    mirostat_tau: { type: "float", deprecated: true },
    mirostat_eta: { type: "float", deprecated: true },
    tfs_z: { type: "float", deprecated: true },
    numa: { type: "boolean", deprecated: true }
} as const satisfies Record<string, ParameterSpec>;

export type ParameterName = keyof typeof table;

const allNames = Object.keys(table) as ParameterName[];

/** The parameters in effect today, in Ollama's documentation order (for help text and docs). */
export const parameterNames: readonly ParameterName[] = allNames.filter((n) => !isDeprecated(n));

export const deprecatedParameterNames: readonly ParameterName[] = allNames.filter(isDeprecated);

export const loadTimeParameters: ReadonlySet<string> = new Set(allNames.filter((n) => (table[n] as ParameterSpec).loadTime === true));

/** A single parsed value; `stop` yields one string per PARAMETER line (they accumulate). */
export type ParameterValue = number | boolean | string;

/** Parameters as stored in the params layer and passed to the runtime. */
export type ParameterValues = Record<string, number | boolean | string[]>;

function isDeprecated(name: ParameterName): boolean {
    return (table[name] as ParameterSpec).deprecated === true;
}

/** The spec for `name`, or undefined when Ollama has no such parameter. */
export function getParameterSpec(name: string): ParameterSpec | undefined {
    // hasOwn, not `in`: "constructor" or "toString" must not pass as parameter names.
    return Object.hasOwn(table, name) ? table[name as ParameterName] : undefined;
}

const integerText = /^[+-]?\d+$/;
const floatText = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
// Go's strconv.ParseBool spellings, which Ollama uses for Modelfile booleans.
const trueText = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const falseText = new Set(["0", "f", "F", "FALSE", "false", "False"]);

/** Parses the text of `PARAMETER <name> <raw>` into the parameter's type. */
export function parseParameterValue(name: string, raw: string): ParameterValue {
    const spec = getParameterSpec(name);
    if (spec === undefined) throw new InvalidParameterError(name, `unknown parameter '${name}'`);
    switch (spec.type) {
        case "integer": {
            const value = Number(raw);
            if (!integerText.test(raw) || !Number.isSafeInteger(value)) {
                throw new InvalidParameterError(name, `parameter '${name}' must be an integer but got ${JSON.stringify(raw)}`);
            }
            return value;
        }
        case "float": {
            const value = Number(raw);
            if (!floatText.test(raw) || !Number.isFinite(value)) {
                throw new InvalidParameterError(name, `parameter '${name}' must be a number but got ${JSON.stringify(raw)}`);
            }
            return value;
        }
        case "boolean":
            if (trueText.has(raw)) return true;
            if (falseText.has(raw)) return false;
            throw new InvalidParameterError(name, `parameter '${name}' must be a boolean but got ${JSON.stringify(raw)}`);
        case "stringList":
            return raw;
        default:
            void (spec.type satisfies never);
            throw new Error(`unhandled parameter type for '${name}'`);
    }
}

export interface ValidatedParameters {
    values: ParameterValues;
    /** Unknown keys (Ollama logs and ignores them) and deprecated keys, which were dropped. */
    warnings: string[];
}

/**
 * Checks a JSON `options` / `parameters` object from the HTTP API. Values must already have the
 * right JSON type; the messages are Ollama's (`Options.FromMap`). `null` values are skipped, as
 * in Ollama, and a single `stop` string is accepted as a one-element list.
 */
export function validateParameters(record: Readonly<Record<string, unknown>>): ValidatedParameters {
    const values: ParameterValues = {};
    const warnings: string[] = [];
    for (const [key, value] of Object.entries(record)) {
        const spec = getParameterSpec(key);
        if (spec === undefined) {
            warnings.push(`invalid option provided: ${JSON.stringify(key)}`);
            continue;
        }
        if (spec.deprecated === true) {
            warnings.push(`option ${JSON.stringify(key)} is deprecated and ignored`);
            continue;
        }
        if (value === null || value === undefined) continue;
        values[key] = checkJsonValue(key, spec.type, value);
    }
    return { values, warnings };
}

function checkJsonValue(key: string, type: ParameterType, value: unknown): number | boolean | string[] {
    // Ollama's wording (`Options.FromMap`), plus what was sent, so the client sees what to fix.
    const fail = (what: string, got: unknown = value): never => {
        throw new InvalidParameterError(key, `option ${JSON.stringify(key)} must be ${what}, got ${describeReceived(got)}`);
    };
    switch (type) {
        case "integer":
            // Ollama truncates 1.5 to 1; an integer option given a fraction is a client bug, so refuse it.
            return typeof value === "number" && Number.isSafeInteger(value) ? value : fail("of type integer");
        case "float":
            return typeof value === "number" && Number.isFinite(value) ? value : fail("of type float32");
        case "boolean":
            return typeof value === "boolean" ? value : fail("of type boolean");
        case "stringList": {
            // Ollama wants an array; a single string is accepted too (clients send `"stop": "\n"`).
            if (typeof value === "string") return [value];
            if (!Array.isArray(value)) return fail("a string or an array of strings");
            const bad = value.findIndex((item) => typeof item !== "string");
            return bad < 0 ? [...(value as string[])] : fail(`a string or an array of strings (item ${bad})`, value[bad]);
        }
        default:
            void (type satisfies never);
            throw new Error(`unhandled parameter type for '${key}'`);
    }
}
