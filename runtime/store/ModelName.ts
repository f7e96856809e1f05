/**
 * @module ModelName
 * Model names exactly as Ollama parses them (types/model/name.go): `[host/][namespace/]model[:tag][@digest]`,
 * with defaults `registry.ollama.ai`, `library` and `latest`. A name is only used to touch the store
 * once it is valid, and the part rules forbid `/`, `..` prefixes and the like, so no name can point
 * outside the manifests folder.
 */
import { InvalidModelNameError } from "../errors/InvalidModelNameError.js";

export const defaultHost = "registry.ollama.ai";
export const defaultNamespace = "library";
export const defaultTag = "latest";

/** Marks a part that the input promised (a separator was there) but left empty, so validation fails. */
const missingPart = "!MISSING!";

type PartKind = "host" | "namespace" | "model" | "tag" | "digest";

export type ModelName = {
    readonly host: string;
    readonly namespace: string;
    readonly model: string;
    readonly tag: string;
    /** The `@sha256:…` suffix, when one was given. */
    readonly digest?: string;
};

/** Parses without defaults: missing parts are empty strings. */
export function parseModelNameBare(input: string): ModelName {
    let rest = input;
    let digest: string | undefined;
    const at = rest.lastIndexOf("@");
    if (at >= 0) {
        digest = rest.slice(at + 1) || missingPart;
        rest = rest.slice(0, at);
    }

    let tag = "";
    // "/" is not allowed in a tag, so a ":" after the last "/" starts the tag (a ":" before it is a host port).
    if (rest.lastIndexOf(":") > rest.lastIndexOf("/")) {
        [rest, tag] = cutPromised(rest, ":");
    }

    const slash = rest.lastIndexOf("/");
    if (slash < 0) return { host: "", namespace: "", model: rest, tag, ...(digest ? { digest } : {}) };
    let model: string;
    [rest, model] = cutPromised(rest, "/");

    if (rest.lastIndexOf("/") < 0) return { host: "", namespace: rest, model, tag, ...(digest ? { digest } : {}) };
    let namespace: string;
    [rest, namespace] = cutPromised(rest, "/");

    const scheme = rest.indexOf("://");
    const host = scheme >= 0 ? rest.slice(scheme + 3) : rest;
    return { host, namespace, model, tag, ...(digest ? { digest } : {}) };
}

/** Parses and fills in the defaults; the result may still be invalid (see {@link modelNameProblem}). */
export function parseModelName(input: string): ModelName {
    const bare = parseModelNameBare(input);
    return {
        host: bare.host || defaultHost,
        namespace: bare.namespace || defaultNamespace,
        model: bare.model,
        tag: bare.tag || defaultTag,
        ...(bare.digest ? { digest: bare.digest } : {})
    };
}

/** Parses, fills defaults and throws {@link InvalidModelNameError} unless every part is valid. */
export function requireModelName(input: string): ModelName {
    const name = parseModelName(input);
    const problem = modelNameProblem(name);
    if (problem) throw new InvalidModelNameError(input, problem);
    return name;
}

/** Says what is wrong with a name, or returns undefined when it is valid and fully qualified. */
export function modelNameProblem(name: ModelName): string | undefined {
    const parts: [PartKind, string][] = [
        ["host", name.host],
        ["namespace", name.namespace],
        ["model", name.model],
        ["tag", name.tag]
    ];
    if (name.digest !== undefined) parts.push(["digest", name.digest]);
    for (const [kind, value] of parts) {
        const problem = partProblem(kind, value);
        if (problem) return problem;
    }
    return undefined;
}

export function isValidModelName(name: ModelName): boolean {
    return modelNameProblem(name) === undefined;
}

const maxLength: Record<PartKind, number> = { host: 350, namespace: 80, model: 80, tag: 80, digest: 80 };

function partProblem(kind: PartKind, value: string): string | undefined {
    if (value === "" || value === missingPart) return `the ${kind} is empty`;
    if (value.length > maxLength[kind]) return `the ${kind} is longer than ${maxLength[kind]} characters`;
    for (let i = 0; i < value.length; i++) {
        const c = value[i]!;
        if (isAlphanumericOrUnderscore(c)) continue;
        if (i === 0) return `the ${kind} must start with a letter, digit or underscore`;
        if (c === "-" || c === "_") continue;
        if (c === "." && kind !== "namespace") continue;
        if (c === ":" && (kind === "host" || kind === "digest")) continue;
        return `the ${kind} contains the character "${c}"`;
    }
    return undefined;
}

function isAlphanumericOrUnderscore(c: string): boolean {
    return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c === "_";
}

/** Cuts at the last `sep`; an empty side becomes {@link missingPart} because the separator promised it. */
function cutPromised(s: string, sep: string): [string, string] {
    const i = s.lastIndexOf(sep);
    return [s.slice(0, i) || missingPart, s.slice(i + sep.length) || missingPart];
}

/** The shortest name that parses back to the same model: `llama3.2:latest`, `user/model:tag`, `hf.co/u/r:Q4_K_M`. */
export function displayShortest(name: ModelName): string {
    let prefix = "";
    if (name.host.toLowerCase() !== defaultHost) prefix = `${name.host}/${name.namespace}/`;
    else if (name.namespace.toLowerCase() !== defaultNamespace) prefix = `${name.namespace}/`;
    return `${prefix}${name.model}:${name.tag}`;
}

/** The fully qualified form, `host/namespace/model:tag`. */
export function displayLong(name: ModelName): string {
    return `${name.host}/${name.namespace}/${name.model}:${name.tag}`;
}

/** The manifest's path below `manifests/`, as path segments. Only call it on a valid name. */
export function manifestSegments(name: ModelName): [string, string, string, string] {
    return [name.host, name.namespace, name.model, name.tag];
}

export function sameModelName(a: ModelName, b: ModelName): boolean {
    return displayLong(a).toLowerCase() === displayLong(b).toLowerCase();
}
