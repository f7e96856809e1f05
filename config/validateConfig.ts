/**
 * @module config/validateConfig
 *
 * Validates a merged raw configuration and normalises it into a {@link Config}. Like
 * wrangler's `normalizeAndValidateConfig` it never throws for user mistakes: every problem
 * goes into the returned {@link Diagnostics}, all at once, and the caller decides.
 *
 * Error format, one per offending key: `<dotted.path>: expected <what> but got <value>`,
 * e.g. `server.port: expected an integer between 1 and 65535 but got 0`.
 */
import * as v from "valibot";
import type { Config } from "./Config.js";
import { configSchema, configSections, functionRouteSection, modelSection } from "./configSchema.js";
import { describeValue } from "./describeValue.js";
import { Diagnostics } from "./Diagnostics.js";
import { findUnknownKeys } from "./findUnknownKeys.js";
import { isPlainObject } from "./isPlainObject.js";
import { resolveUserPath } from "./resolveUserPath.js";

export interface ValidateConfigOptions {
    /** Directory a relative `store.path` is resolved against. */
    storeBaseDir: string;
    /** Directory a relative `functions.dir` is resolved against (kettle.toml's folder). Defaults to storeBaseDir. */
    functionsBaseDir?: string;
    /** Secrets from `.dev.vars`, laid over `[vars]` in `config.vars`. */
    secrets?: Record<string, string>;
    /** The kettle.toml the values came from, recorded in `config.sources`. Defaults to null. */
    file?: string | null;
    /** Where problems are recorded. Defaults to a new node titled for the Kettle config. */
    diagnostics?: Diagnostics;
}

export interface ValidateConfigResult {
    /** Undefined when there were errors. */
    config: Config | undefined;
    diagnostics: Diagnostics;
}

export function validateConfig(raw: unknown, options: ValidateConfigOptions): ValidateConfigResult {
    const diagnostics = options.diagnostics ?? new Diagnostics("Processing Kettle configuration:");
    diagnostics.warnings.push(...findUnknownKeys(raw, { ...configSections, models: undefined, vars: undefined }, { models: modelSection }));
    const rawFunctions = isPlainObject(raw) ? raw.functions : undefined;
    if (isPlainObject(rawFunctions)) {
        const routeWarnings = findUnknownKeys({ routes: rawFunctions.routes }, {}, { routes: functionRouteSection });
        diagnostics.warnings.push(...routeWarnings.map((warning) => warning.replace(" routes.", " functions.routes.")));
    }

    // abortPipeEarly: one message per key ("0.5" is not an integer, no need to add "nor >= 1").
    const result = v.safeParse(configSchema, raw, { abortPipeEarly: true });
    if (!result.success) {
        const reported = new Set<string>();
        for (const issue of result.issues) {
            const path = v.getDotPath(issue) ?? "(top level)";
            if (reported.has(path)) continue;
            reported.add(path);
            diagnostics.errors.push(renderIssue(path, issue));
        }
        return { config: undefined, diagnostics };
    }

    const { server, store, scheduler, engine, log, embeddings, batches, responses, registry, models, functions, vars } = result.output;
    const config: Config = {
        server: {
            ...server,
            apiKeyFile: server.apiKeyFile === "" ? "" : resolveUserPath(server.apiKeyFile, options.storeBaseDir),
            tlsCert: server.tlsCert === "" ? "" : resolveUserPath(server.tlsCert, options.storeBaseDir),
            tlsKey: server.tlsKey === "" ? "" : resolveUserPath(server.tlsKey, options.storeBaseDir)
        },
        store: { ...store, path: resolveUserPath(store.path, options.storeBaseDir) },
        scheduler,
        engine,
        log,
        embeddings,
        batches: { ...batches, path: resolveUserPath(batches.path, options.storeBaseDir) },
        responses,
        registry,
        models,
        functions: { ...functions, dir: resolveUserPath(functions.dir, options.functionsBaseDir ?? options.storeBaseDir) },
        vars: { ...vars, ...options.secrets },
        sources: { file: options.file ?? null }
    };
    return { config, diagnostics };
}

function renderIssue(path: string, issue: v.BaseIssue<unknown>): string {
    // valibot reports a missing key as an object issue with an undefined input.
    if (issue.input === undefined && issue.type === "loose_object" && issue.path) {
        return `${path}: is required but missing`;
    }
    // A check forwarded to one key (registry.part_size_min) carries the whole table as its input; show the key's value.
    const forwardedTo = issue.type === "check" ? issue.path?.at(-1) : undefined;
    const input = forwardedTo ? forwardedTo.value : issue.input;
    return `${path}: expected ${issue.message} but got ${describeValue(input)}`;
}
