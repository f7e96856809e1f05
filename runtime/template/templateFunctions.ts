/**
 * @module templateFunctions
 * The functions a template can call: Go's built-ins (text/template/funcs.go) and the extras Ollama
 * registers (json, currentDate, yesterdayDate, toTypeScriptType). Errors thrown here become
 * "error calling NAME: …" execution errors, as Go reports a function's error result. `and` and
 * `or` are listed for arity and parse-time checks only: execution short-circuits them itself.
 */
import { goSprint, goSprintf, goSprintln } from "./formatGoValue.js";
import { isGoPrintable } from "./quoteGoString.js";
import { marshalJson } from "./marshalJson.js";
import { goTypeName, isTrue, valueKind } from "./valueKind.js";

export interface TemplateFunction {
    /** Number of parameters before the variadic ones (or all of them). */
    fixed: number;
    variadic: boolean;
    /** Parameters Go declares as string: the format of printf, the arguments of currentDate. */
    stringParams?: "first" | "all";
    call(args: unknown[]): unknown;
}

function utf8Bytes(text: string): Buffer {
    return Buffer.from(text, "utf8");
}

function isAscii(text: string): boolean {
    return /^[\x00-\x7f]*$/.test(text);
}

/** Go's evalArgs: one string as is, otherwise fmt.Sprint with nil shown as <no value>. */
function evalArgs(args: unknown[]): string {
    if (args.length === 1 && typeof args[0] === "string") return args[0];
    return goSprint(args.map((arg) => (arg === null || arg === undefined ? "<no value>" : arg)));
}

/** Go's indexArg: an integer index no larger than `cap`. */
function indexArg(index: unknown, cap: number): number {
    if (index === null || index === undefined) throw new Error("cannot index slice/array with nil");
    if (!(typeof index === "bigint" || (typeof index === "number" && Number.isInteger(index)))) {
        throw new Error(`cannot index slice/array with type ${goTypeName(index)}`);
    }
    const x = Number(index);
    if (x < 0 || x > cap) throw new Error(`index out of range: ${x}`);
    return x;
}

function index(item: unknown, ...indexes: unknown[]): unknown {
    if (item === null || item === undefined) throw new Error("index of untyped nil");
    for (const key of indexes) {
        if (item === null || item === undefined) throw new Error("index of nil pointer");
        switch (valueKind(item)) {
            case "string": {
                const bytes = utf8Bytes(item as string);
                const x = indexArg(key, bytes.length);
                // indexArg lets len through; reflect then panics, and Go reports that panic.
                if (x === bytes.length) throw new Error("reflect: string index out of range");
                item = bytes[x];
                break;
            }
            case "slice": {
                const array = item as unknown[];
                const x = indexArg(key, array.length);
                if (x === array.length) throw new Error("reflect: slice index out of range");
                item = array[x];
                break;
            }
            case "map": {
                if (key !== null && key !== undefined && typeof key !== "string") {
                    throw new Error(`value has type ${goTypeName(key)}; should be string`);
                }
                const map = item as Record<string, unknown>;
                const name = (key as string | null | undefined) ?? "";
                item = Object.hasOwn(map, name) ? map[name] : undefined;
                break;
            }
            default:
                throw new Error(`can't index item of type ${goTypeName(item)}`);
        }
    }
    return item;
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
    if (item === null || item === undefined) throw new Error("slice of untyped nil");
    if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
    let length: number;
    switch (valueKind(item)) {
        case "string":
            if (indexes.length === 3) throw new Error("cannot 3-index slice a string");
            length = isAscii(item as string) ? (item as string).length : utf8Bytes(item as string).length;
            break;
        case "slice":
            length = (item as unknown[]).length;
            break;
        default:
            throw new Error(`can't slice item of type ${goTypeName(item)}`);
    }
    const bounds = [0, length, length];
    indexes.forEach((key, position) => (bounds[position] = indexArg(key, length)));
    const [low = 0, high = length, max = length] = bounds;
    if (low > high) throw new Error(`invalid slice index: ${low} > ${high}`);
    if (indexes.length === 3 && high > max) throw new Error(`invalid slice index: ${high} > ${max}`);
    if (Array.isArray(item)) return item.slice(low, high);
    const text = item as string;
    // Go slices strings by byte offsets.
    return isAscii(text) ? text.slice(low, high) : utf8Bytes(text).subarray(low, high).toString("utf8");
}

function length(item: unknown): number {
    switch (valueKind(item)) {
        case "nil":
            throw new Error("len of nil pointer");
        case "string":
            return utf8Bytes(item as string).length;
        case "slice":
            return (item as unknown[]).length;
        case "map":
            return Object.keys(item as object).length;
        default:
            throw new Error(`len of type ${goTypeName(item)}`);
    }
}

type BasicKind = "bool" | "number" | "string" | null;

function basicKind(value: unknown): BasicKind {
    const kind = valueKind(value);
    return kind === "bool" || kind === "number" || kind === "string" ? kind : null;
}

function eq(first: unknown, ...others: unknown[]): boolean {
    if (others.length === 0) throw new Error("missing argument for comparison");
    const firstKind = basicKind(first);
    const firstNil = first === null || first === undefined;
    for (const other of others) {
        const otherKind = basicKind(other);
        const otherNil = other === null || other === undefined;
        let truth = false;
        if (firstKind !== otherKind) {
            if (!firstNil && !otherNil) {
                throw new Error(`incompatible types for comparison: ${goTypeName(first)} and ${goTypeName(other)}`);
            }
        } else if (firstKind !== null) {
            // Numbers compare by value whatever their JavaScript type, like Go's int/uint special case.
            truth = firstKind === "number" ? Number(first) === Number(other) : first === other;
        } else if (firstNil || otherNil) {
            truth = firstNil && otherNil;
        } else if (valueKind(first) !== valueKind(other)) {
            throw new Error(`non-comparable types ${goTypeName(first)} and ${goTypeName(other)}`);
        } else if (valueKind(other) === "struct") {
            truth = first === other;
        } else {
            throw new Error(`non-comparable type ${goTypeName(other)}`);
        }
        if (truth) return true;
    }
    return false;
}

function lt(a: unknown, b: unknown): boolean {
    const kindA = basicKind(a);
    const kindB = basicKind(b);
    if (kindA === null || kindB === null) throw new Error("invalid type for comparison");
    if (kindA !== kindB) throw new Error(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);
    if (kindA === "bool") throw new Error("invalid type for comparison");
    if (kindA === "number") return Number(a) < Number(b);
    // Go compares strings bytewise; UTF-16 order only differs for astral characters.
    return (a as string) < (b as string);
}

function le(a: unknown, b: unknown): boolean {
    return lt(a, b) || eq(a, b);
}

const htmlEscapes: Record<string, string> = { "\0": "\uFFFD", '"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;" };

function htmlEscape(text: string): string {
    return text.replace(/[\0"'&<>]/g, (char) => htmlEscapes[char]!);
}

const jsEscapes: Record<string, string> = {
    "\\": "\\\\",
    "'": "\\'",
    '"': '\\"',
    "<": "\\u003C",
    ">": "\\u003E",
    "&": "\\u0026",
    "=": "\\u003D"
};

function jsEscape(text: string): string {
    let out = "";
    for (const char of text) {
        const code = char.codePointAt(0)!;
        const escape = jsEscapes[char];
        if (escape) out += escape;
        else if (code < 0x20) out += "\\u00" + code.toString(16).toUpperCase().padStart(2, "0");
        else if (code < 0x80 || isGoPrintable(code)) out += char;
        else out += "\\u" + code.toString(16).toUpperCase().padStart(4, "0");
    }
    return out;
}

/** url.QueryEscape: unreserved bytes kept, space as +, everything else %XX. */
function queryEscape(text: string): string {
    let out = "";
    for (const byte of utf8Bytes(text)) {
        const char = String.fromCharCode(byte);
        if (/[A-Za-z0-9\-_.~]/.test(char)) out += char;
        else if (char === " ") out += "+";
        else out += "%" + byte.toString(16).toUpperCase().padStart(2, "0");
    }
    return out;
}

/** time.Now().AddDate(0, 0, days).Format("2006-01-02") in local time, as Ollama computes it. */
function localDate(days: number): string {
    const date = new Date();
    date.setDate(date.getDate() + days);
    const month = String(date.getMonth() + 1).padStart(2, "0");
    const day = String(date.getDate()).padStart(2, "0");
    return `${date.getFullYear()}-${month}-${day}`;
}

const typeScriptTypes: Record<string, string> = {
    string: "string",
    number: "number",
    integer: "number",
    boolean: "boolean",
    array: "any[]",
    object: "Record<string, any>",
    null: "null"
};

/** api.ToolProperty.ToTypeScriptType for a JSON-schema property object. */
function toTypeScriptType(property: unknown): string {
    if (typeof property !== "object" || property === null || Array.isArray(property)) return "any";
    const { anyOf, type } = property as { anyOf?: unknown; type?: unknown };
    if (Array.isArray(anyOf) && anyOf.length > 0) return anyOf.map(toTypeScriptType).join(" | ");
    const types = typeof type === "string" ? [type] : Array.isArray(type) ? type : [];
    if (types.length === 0) return "any";
    return types.map((name) => typeScriptTypes[String(name)] ?? "any").join(" | ");
}

function unreachable(): never {
    throw new Error("unreachable");
}

export const templateFunctions: ReadonlyMap<string, TemplateFunction> = new Map<string, TemplateFunction>([
    ["and", { fixed: 1, variadic: true, call: unreachable }],
    ["or", { fixed: 1, variadic: true, call: unreachable }],
    ["not", { fixed: 1, variadic: false, call: ([arg]) => !isTrue(arg) }],
    [
        "call",
        {
            fixed: 1,
            variadic: true,
            call: ([fn, ...args]) => {
                if (fn === null || fn === undefined) throw new Error("call of nil");
                if (typeof fn !== "function") throw new Error(`non-function of type ${goTypeName(fn)}`);
                return (fn as (...args: unknown[]) => unknown)(...args);
            }
        }
    ],
    ["html", { fixed: 0, variadic: true, call: (args) => htmlEscape(evalArgs(args)) }],
    ["js", { fixed: 0, variadic: true, call: (args) => jsEscape(evalArgs(args)) }],
    ["urlquery", { fixed: 0, variadic: true, call: (args) => queryEscape(evalArgs(args)) }],
    ["index", { fixed: 1, variadic: true, call: ([item, ...indexes]) => index(item, ...indexes) }],
    ["slice", { fixed: 1, variadic: true, call: ([item, ...indexes]) => slice(item, ...indexes) }],
    ["len", { fixed: 1, variadic: false, call: ([item]) => length(item) }],
    ["print", { fixed: 0, variadic: true, call: (args) => goSprint(args) }],
    ["printf", { fixed: 1, variadic: true, stringParams: "first", call: ([format, ...args]) => goSprintf(format as string, args) }],
    ["println", { fixed: 0, variadic: true, call: (args) => goSprintln(args) }],
    ["eq", { fixed: 1, variadic: true, call: ([first, ...others]) => eq(first, ...others) }],
    ["ne", { fixed: 2, variadic: false, call: ([a, b]) => !eq(a, b) }],
    ["lt", { fixed: 2, variadic: false, call: ([a, b]) => lt(a, b) }],
    ["le", { fixed: 2, variadic: false, call: ([a, b]) => le(a, b) }],
    ["gt", { fixed: 2, variadic: false, call: ([a, b]) => !le(a, b) }],
    ["ge", { fixed: 2, variadic: false, call: ([a, b]) => !lt(a, b) }],
    // Ollama's additions (template/template.go). json drops encoding errors as Ollama does.
    [
        "json",
        {
            fixed: 1,
            variadic: false,
            call: ([value]) => {
                try {
                    return marshalJson(value);
                } catch {
                    return "";
                }
            }
        }
    ],
    ["currentDate", { fixed: 0, variadic: true, stringParams: "all", call: () => localDate(0) }],
    ["yesterdayDate", { fixed: 0, variadic: true, stringParams: "all", call: () => localDate(-1) }],
    ["toTypeScriptType", { fixed: 1, variadic: false, call: ([property]) => toTypeScriptType(property) }]
]);

export function isTemplateFunction(name: string): boolean {
    return templateFunctions.has(name);
}
