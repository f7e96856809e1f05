/**
 * @module config/configSchema
 *
 * The valibot schema for a merged raw configuration. It validates every key and converts
 * each section to its typed {@link Config} form (camelCase, durations in ms).
 *
 * Every schema and action is given the "expected" half of the message (e.g. "a positive
 * integer") instead of valibot's default text, so validateConfig can print
 * `<path>: expected <message> but got <input>` uniformly.
 *
 * Sections are `looseObject`s: unknown keys pass through here and are reported as warnings
 * by findUnknownKeys, which reads the known keys from {@link configSections}.
 */
import * as v from "valibot";
import type {
    BatchesConfig,
    ResponsesConfig,
    EmbeddingsConfig,
    EngineConfig,
    KvCacheType,
    LogConfig,
    LogFormat,
    LogLevel,
    ModelSettings,
    RegistryConfig,
    SchedulerConfig,
    ServerConfig
} from "./Config.js";
import { DurationError } from "./DurationError.js";
import { DURATION_EXPECTED, parseDuration } from "./parseDuration.js";

export const KV_CACHE_TYPES = ["f16", "q8_0", "q4_0"] as const satisfies readonly KvCacheType[];
export const LOG_LEVELS = ["info", "debug", "trace"] as const satisfies readonly LogLevel[];
export const LOG_FORMATS = ["text", "json"] as const satisfies readonly LogFormat[];

const ROUTE_KEY_EXPECTED = 'a route path starting with "/"';
const PREFIX_EXPECTED = 'a path starting with "/" (or "" for the root)';

/** What a section that is not a table is reported as expecting. */
export const TABLE_EXPECTED = "a table";

/** `one of "a", "b", "c"`, shared with the env reader so both say the same. */
export function oneOfExpected(options: readonly string[]): string {
    return `one of ${options.map((option) => JSON.stringify(option)).join(", ")}`;
}

function nonEmptyString() {
    const expected = "a non-empty string";
    return v.pipe(v.string(expected), v.nonEmpty(expected));
}

function integerBetween(min: number, max: number) {
    const expected = `an integer between ${min} and ${max}`;
    return v.pipe(v.number(expected), v.integer(expected), v.minValue(min, expected), v.maxValue(max, expected));
}

function integerAtLeast(min: 0 | 1) {
    const expected = min === 1 ? "a positive integer" : "a non-negative integer";
    return v.pipe(v.number(expected), v.integer(expected), v.minValue(min, expected));
}

/** An Ollama duration converted to ms; `normalize` applies the field's meaning of <= 0. */
function duration(normalize: (ms: number) => number = (ms) => ms) {
    return v.pipe(
        v.union([v.string(), v.number()], DURATION_EXPECTED),
        v.rawTransform(({ dataset, addIssue, NEVER }) => {
            try {
                return normalize(parseDuration(dataset.value));
            } catch (error) {
                if (!(error instanceof DurationError)) throw error;
                addIssue({ message: error.expected });
                return NEVER;
            }
        })
    );
}

/** The raw (snake_case) shape of each section; their `entries` are the known keys. */
export const configSections = {
    server: v.looseObject(
        {
            host: nonEmptyString(),
            port: integerBetween(1, 65535),
            origins: v.array(v.string("a string"), "an array of strings"),
            allowed_hosts: v.array(v.string("a string"), "an array of strings"),
            api_keys: v.array(v.pipe(v.string("a string"), v.minLength(1, "a non-empty string")), "an array of strings"),
            api_key_file: v.string("a string"),
            tls_cert: v.string("a string"),
            tls_key: v.string("a string"),
            shutdown_timeout: duration((ms) => Math.max(0, ms)),
            header_timeout: duration((ms) => Math.max(1, ms)),
            body_timeout: duration((ms) => Math.max(0, ms)),
            max_body_bytes: integerAtLeast(1),
            metrics: v.boolean("a boolean")
        },
        TABLE_EXPECTED
    ),
    store: v.looseObject(
        {
            path: nonEmptyString(),
            noprune: v.boolean("a boolean")
        },
        TABLE_EXPECTED
    ),
    scheduler: v.looseObject(
        {
            keep_alive: duration(),
            num_parallel: integerAtLeast(1),
            max_loaded_models: integerAtLeast(0),
            max_queue: integerAtLeast(0),
            // Ollama treats a load timeout <= 0 as "wait forever".
            load_timeout: duration((ms) => (ms <= 0 ? Infinity : ms)),
            workers: integerAtLeast(1),
            memory_limit: integerAtLeast(0),
            memory_reserve: integerAtLeast(0)
        },
        TABLE_EXPECTED
    ),
    engine: v.looseObject(
        {
            threads: integerAtLeast(0),
            context_length: integerAtLeast(0),
            flash_attention: v.union([v.literal("auto"), v.boolean()], '"auto", true or false'),
            kv_cache_type: v.picklist(KV_CACHE_TYPES, oneOfExpected(KV_CACHE_TYPES)),
            share_prefixes: v.boolean("a boolean")
        },
        TABLE_EXPECTED
    ),
    log: v.looseObject(
        {
            level: v.picklist(LOG_LEVELS, oneOfExpected(LOG_LEVELS)),
            format: v.picklist(LOG_FORMATS, oneOfExpected(LOG_FORMATS))
        },
        TABLE_EXPECTED
    ),
    embeddings: v.looseObject(
        {
            batch_window: duration((ms) => Math.max(0, ms)),
            max_batch: integerBetween(1, 512),
            batch_tokens: integerAtLeast(1),
            cache_max_bytes: integerAtLeast(0),
            cache_ttl: noLimitDuration()
        },
        TABLE_EXPECTED
    ),
    batches: v.looseObject(
        {
            path: nonEmptyString(),
            max_file_bytes: integerAtLeast(1),
            max_file_lines: integerAtLeast(1),
            max_slots: integerAtLeast(0),
            interactive_reserve: duration((ms) => Math.max(0, ms)),
            retention: noLimitDuration()
        },
        TABLE_EXPECTED
    ),
    responses: v.looseObject({ retention: noLimitDuration() }, TABLE_EXPECTED),
    registry: v.looseObject(
        {
            part_size_min: integerAtLeast(1),
            part_size_max: integerAtLeast(1),
            max_streams: integerBetween(1, 64),
            stall_timeout: noLimitDuration(),
            retries: integerAtLeast(0)
        },
        TABLE_EXPECTED
    ),
    functions: v.looseObject(
        {
            dir: nonEmptyString(),
            prefix: v.pipe(
                v.string(PREFIX_EXPECTED),
                v.regex(/^$|^\/[A-Za-z0-9._~\-/]*$/, PREFIX_EXPECTED),
                v.transform((prefix) => prefix.replace(/\/+$/, ""))
            ),
            timeout: noLimitDuration(),
            max_concurrency: integerAtLeast(1),
            max_body_bytes: integerAtLeast(1),
            routes: v.optional(
                v.record(
                    v.pipe(v.string(), v.startsWith("/", ROUTE_KEY_EXPECTED)),
                    v.lazy(() => functionRouteSection),
                    TABLE_EXPECTED
                )
            )
        },
        TABLE_EXPECTED
    ),
    vars: v.record(v.string(), v.unknown(), TABLE_EXPECTED)
};

/** A timeout where 0 (or less) means no limit. */
function noLimitDuration() {
    return duration((ms) => (ms <= 0 ? Infinity : ms));
}

/** One `[functions.routes."/path"]` table; its entries are the known keys of every route table. */
export const functionRouteSection = v.looseObject(
    {
        model: v.optional(nonEmptyString()),
        timeout: v.optional(noLimitDuration()),
        max_concurrency: v.optional(integerAtLeast(1)),
        max_body_bytes: v.optional(integerAtLeast(1))
    },
    TABLE_EXPECTED
);

const GPU_PIN_EXPECTED = 'a GPU index, a list of GPU indexes, or "cpu"';
const gpuIndex = v.pipe(v.number(GPU_PIN_EXPECTED), v.integer(GPU_PIN_EXPECTED), v.minValue(0, GPU_PIN_EXPECTED));

/** One `[models."name"]` table; its entries are the known keys of every model table. */
export const modelSection = v.looseObject(
    {
        num_parallel: v.optional(integerAtLeast(1)),
        replicas: v.optional(integerAtLeast(1)),
        preload: v.optional(v.boolean("a boolean")),
        gpu: v.optional(
            v.union(
                [v.literal("cpu"), gpuIndex, v.pipe(v.array(gpuIndex, GPU_PIN_EXPECTED), v.nonEmpty(GPU_PIN_EXPECTED))],
                GPU_PIN_EXPECTED
            )
        )
    },
    TABLE_EXPECTED
);

/**
 * The whole merged configuration. `store.path` is left as written: resolving it needs to
 * know which layer it came from, which only loadConfig knows.
 */
export const configSchema = v.looseObject(
    {
        server: v.pipe(
            configSections.server,
            v.transform((raw): ServerConfig => ({
                host: raw.host,
                port: raw.port,
                origins: raw.origins,
                allowedHosts: raw.allowed_hosts,
                apiKeys: raw.api_keys,
                apiKeyFile: raw.api_key_file,
                tlsCert: raw.tls_cert,
                tlsKey: raw.tls_key,
                shutdownTimeout: raw.shutdown_timeout,
                headerTimeout: raw.header_timeout,
                bodyTimeout: raw.body_timeout,
                maxBodyBytes: raw.max_body_bytes,
                metrics: raw.metrics
            }))
        ),
        store: v.pipe(
            configSections.store,
            v.transform((raw) => ({ path: raw.path, noprune: raw.noprune }))
        ),
        scheduler: v.pipe(
            configSections.scheduler,
            v.transform((raw): SchedulerConfig => ({
                keepAlive: raw.keep_alive,
                numParallel: raw.num_parallel,
                maxLoadedModels: raw.max_loaded_models,
                maxQueue: raw.max_queue,
                loadTimeout: raw.load_timeout,
                workers: raw.workers,
                memoryLimit: raw.memory_limit,
                memoryReserve: raw.memory_reserve
            }))
        ),
        engine: v.pipe(
            configSections.engine,
            v.transform((raw): EngineConfig => ({
                threads: raw.threads,
                contextLength: raw.context_length,
                flashAttention: raw.flash_attention,
                kvCacheType: raw.kv_cache_type,
                sharePrefixes: raw.share_prefixes
            }))
        ),
        log: v.pipe(
            configSections.log,
            v.transform((raw): LogConfig => ({ level: raw.level, format: raw.format }))
        ),
        embeddings: v.pipe(
            configSections.embeddings,
            v.transform((raw): EmbeddingsConfig => ({
                batchWindow: raw.batch_window,
                maxBatch: raw.max_batch,
                batchTokens: raw.batch_tokens,
                cacheMaxBytes: raw.cache_max_bytes,
                cacheTtl: raw.cache_ttl
            }))
        ),
        batches: v.pipe(
            configSections.batches,
            v.transform((raw): BatchesConfig => ({
                path: raw.path,
                maxFileBytes: raw.max_file_bytes,
                maxFileLines: raw.max_file_lines,
                maxSlots: raw.max_slots,
                interactiveReserve: raw.interactive_reserve,
                retention: raw.retention
            }))
        ),
        responses: v.pipe(
            configSections.responses,
            v.transform((raw): ResponsesConfig => ({ retention: raw.retention }))
        ),
        registry: v.pipe(
            configSections.registry,
            v.forward(
                v.check((raw) => raw.part_size_min <= raw.part_size_max, "an integer no larger than registry.part_size_max"),
                ["part_size_min"]
            ),
            v.transform((raw): RegistryConfig => ({
                partSizeMin: raw.part_size_min,
                partSizeMax: raw.part_size_max,
                maxStreams: raw.max_streams,
                stallTimeout: raw.stall_timeout,
                retries: raw.retries
            }))
        ),
        functions: v.pipe(
            v.optional(configSections.functions, {
                dir: "./functions",
                prefix: "",
                timeout: "2m",
                max_concurrency: 64,
                max_body_bytes: 32 * 1024 * 1024
            }),
            v.transform((raw) => ({
                dir: raw.dir,
                prefix: raw.prefix,
                limits: { timeout: raw.timeout, maxConcurrency: raw.max_concurrency, maxBodyBytes: raw.max_body_bytes },
                routes: Object.fromEntries(
                    Object.entries(raw.routes ?? {}).map(([path, route]) => [
                        path,
                        {
                            ...(route.model !== undefined ? { model: route.model } : {}),
                            ...(route.timeout !== undefined ? { timeout: route.timeout } : {}),
                            ...(route.max_concurrency !== undefined ? { maxConcurrency: route.max_concurrency } : {}),
                            ...(route.max_body_bytes !== undefined ? { maxBodyBytes: route.max_body_bytes } : {})
                        }
                    ])
                )
            }))
        ),
        vars: v.optional(configSections.vars, {}),
        models: v.pipe(
            v.optional(v.record(v.string(), modelSection, TABLE_EXPECTED), {}),
            v.transform((raw): Record<string, ModelSettings> =>
                Object.fromEntries(
                    Object.entries(raw).map(([name, model]) => [
                        name,
                        {
                            ...(model.num_parallel !== undefined ? { numParallel: model.num_parallel } : {}),
                            replicas: model.replicas ?? 1,
                            ...(model.gpu !== undefined ? { gpu: model.gpu } : {}),
                            ...(model.preload ? { preload: true } : {})
                        }
                    ])
                )
            )
        )
    },
    TABLE_EXPECTED
);
