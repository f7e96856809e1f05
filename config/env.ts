/**
 * @module config/env
 *
 * The only module in Kettle that reads `process.env`. Everything else asks here, through
 * {@link getEnv} for a single variable or {@link readEnv} for the config layer, so the set of
 * variables Kettle honours is the table in envVariables.ts and nothing else.
 *
 * Values are normalised the way Ollama's envconfig does (trimmed, surrounding quotes
 * stripped) and an empty variable counts as unset, so `OLLAMA_HOST=` in a systemd unit
 * means "default", not "invalid".
 */
import type { RawConfig } from "./Config.js";
import { Diagnostics } from "./Diagnostics.js";
import { envVariables, type EnvVarName } from "./envVariables.js";
import { mergeLayers } from "./mergeLayers.js";

export type { EnvVarName } from "./envVariables.js";

/** An environment: `process.env` or a plain object in tests. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

export interface EnvDoc {
    name: EnvVarName;
    description: string;
    default: string;
    /** The config key it sets, or null for variables read directly. */
    config: string | null;
}

/** The normalised value of one variable, or undefined when unset or empty. */
export function getEnv(name: EnvVarName, env: EnvSource = process.env): string | undefined {
    const raw = env[name];
    if (raw === undefined) return undefined;
    const value = raw
        .trim()
        .replace(/^["']+|["']+$/g, "")
        .trim();
    return value === "" ? undefined : value;
}

/**
 * Reads every config-mapped variable into a raw config layer. Invalid values are errors in
 * the returned diagnostics (`<VAR>: expected … but got "…"`) and are left out of the layer.
 */
export function readEnv(env: EnvSource = process.env): {
    layer: RawConfig;
    diagnostics: Diagnostics;
} {
    const diagnostics = new Diagnostics("Processing environment variables:");
    const names = Object.keys(envVariables) as EnvVarName[];
    const superseded = new Set(names.filter((name) => getEnv(name, env) !== undefined).map((name) => envVariables[name].supersedes));

    let layer: Record<string, unknown> = {};
    for (const name of names) {
        const { config } = envVariables[name];
        const text = getEnv(name, env);
        if (config === undefined || text === undefined || superseded.has(name)) continue;
        const result = config.parse(text);
        if (!result.ok) {
            const got = JSON.stringify(text);
            diagnostics.errors.push(`${name}: expected ${result.expected} but got ${got}`);
            continue;
        }
        layer = mergeLayers(layer, atPath(config.path, result.value));
    }
    // Each parser produces the type its config path expects (checked again by the schema).
    return { layer: layer as RawConfig, diagnostics };
}

/** The variable table for help output, in declaration order. */
export function envDocs(): EnvDoc[] {
    return (Object.keys(envVariables) as EnvVarName[]).map((name) => {
        const variable = envVariables[name];
        return {
            name,
            description: variable.description,
            default: variable.default,
            config: variable.config?.path ?? null
        };
    });
}

/**
 * The environment of a CPU lane process: Kettle's own, with `UV_THREADPOOL_SIZE` defaulting to 1.
 * llama.cpp decodes run on libuv's thread pool and each pool thread that runs one gets its own
 * OpenMP team; with several, idle teams spin beside the busy one on the same cores (measured: 4
 * concurrent streams 97 → 113 tokens/s on 2 cores with one pool thread; bench/README.md).
 */
export function laneEnvironment(env: EnvSource = process.env): Record<string, string | undefined> {
    return { ...env, UV_THREADPOOL_SIZE: getEnv("UV_THREADPOOL_SIZE", env) ?? envVariables.UV_THREADPOOL_SIZE.default };
}

/**
 * The size of libuv's thread pool a process with this environment runs with, by libuv's own rule
 * (`uv__threadpool_init`): `atoi(UV_THREADPOOL_SIZE)` into an unsigned int, 0 read as 1, capped at
 * 1024 (so a negative value wraps to the cap); 4 when unset.
 */
export function libuvThreadpoolSize(env: EnvSource = process.env): number {
    const raw = env.UV_THREADPOOL_SIZE;
    if (raw === undefined) return 4;
    const match = /^\s*([+-]?\d+)/.exec(raw);
    const size = match ? Number.parseInt(match[1]!, 10) : 0;
    if (size === 0) return 1;
    return size < 0 ? 1024 : Math.min(size, 1024);
}

/** Kettle's environment with some variables set, for a child process (a GPU lane, the GPU probe). */
export function environmentWith(overrides: Record<string, string>, env: EnvSource = process.env): Record<string, string | undefined> {
    return { ...env, ...overrides };
}

/** `atPath("a.b", 1)` → `{ a: { b: 1 } }`. */
function atPath(dottedPath: string, value: unknown): Record<string, unknown> {
    const keys = dottedPath.split(".");
    let node: unknown = value;
    for (const key of keys.reverse()) node = { [key]: node };
    return node as Record<string, unknown>;
}
