/**
 * @module config/Config
 *
 * The two shapes of Kettle's configuration, as types only:
 *
 * - {@link RawConfig} is what a `kettle.toml` (or an env/flag layer) contains: every key
 *   optional, snake_case, durations still in their written form.
 * - {@link Config} is what the rest of Kettle reads: every field present, camelCase,
 *   durations in milliseconds, paths absolute.
 *
 * Keeping them apart (as wrangler does with `RawConfig` / `Config`) means consumers never
 * have to handle "missing" or "not yet parsed" values.
 */

/** KV cache quantisation accepted by the engine (Ollama's OLLAMA_KV_CACHE_TYPE). */
export type KvCacheType = "f16" | "q8_0" | "q4_0";

/** Log verbosity; "trace" is what Ollama calls OLLAMA_DEBUG=2. */
export type LogLevel = "info" | "debug" | "trace";

export type LogFormat = "text" | "json";

/** "auto" lets the engine decide per model and GPU. */
export type FlashAttention = "auto" | boolean;

/** An Ollama duration as written: Go duration string ("5m") or a number of seconds. */
export type RawDuration = string | number;

/** One configuration layer in the TOML's own shape. Every key is optional. */
export type RawConfig = {
    server?: {
        host?: string;
        port?: number;
        origins?: string[];
        allowed_hosts?: string[];
        api_keys?: string[];
        api_key_file?: string;
        tls_cert?: string;
        shutdown_timeout?: RawDuration;
        header_timeout?: RawDuration;
        body_timeout?: RawDuration;
        tls_key?: string;
        max_body_bytes?: number;
        metrics?: boolean;
    };
    store?: {
        path?: string;
        noprune?: boolean;
    };
    scheduler?: {
        keep_alive?: RawDuration;
        num_parallel?: number;
        max_loaded_models?: number;
        max_queue?: number;
        load_timeout?: RawDuration;
        workers?: number;
        memory_limit?: number;
        memory_reserve?: number;
    };
    engine?: {
        threads?: number;
        context_length?: number;
        flash_attention?: FlashAttention;
        kv_cache_type?: KvCacheType;
        share_prefixes?: boolean;
    };
    log?: {
        level?: LogLevel;
        format?: LogFormat;
    };
    embeddings?: {
        batch_window?: RawDuration;
        max_batch?: number;
        batch_tokens?: number;
        cache_max_bytes?: number;
        cache_ttl?: RawDuration;
    };
    batches?: {
        path?: string;
        max_file_bytes?: number;
        max_file_lines?: number;
        max_slots?: number;
        interactive_reserve?: RawDuration;
        retention?: RawDuration;
    };
    responses?: {
        retention?: RawDuration;
    };
    registry?: {
        part_size_min?: number;
        part_size_max?: number;
        max_streams?: number;
        stall_timeout?: RawDuration;
        retries?: number;
    };
    /** Per-model settings, keyed by model name (`[models."llama3.2:1b"]`). */
    models?: Record<string, RawModelSettings>;
    functions?: {
        dir?: string;
        prefix?: string;
        timeout?: string | number;
        max_concurrency?: number;
        max_body_bytes?: number;
        routes?: Record<string, RawFunctionRouteSettings>;
    };
    /** Values handed to functions as `ctx.env` (wrangler's `[vars]`). */
    vars?: Record<string, unknown>;
};

export type RawFunctionRouteSettings = {
    model?: string;
    timeout?: string | number;
    max_concurrency?: number;
    max_body_bytes?: number;
};

/** Limits of one function; `[functions]` holds the defaults, `[functions.routes."/path"]` overrides them. */
export interface FunctionLimits {
    /** Longest a handler may take to return its Response, in ms; `Infinity` = no limit. Past it: 504. */
    timeout: number;
    /** Requests one route serves at once; more are answered 503. */
    maxConcurrency: number;
    /** Largest request body, in bytes; larger ones are answered 413. */
    maxBodyBytes: number;
}

/** Settings of one user route, keyed by its path as served (`/summarise`, `/users/:id`). */
export interface FunctionRouteSettings extends Partial<FunctionLimits> {
    /** The model the function uses, so it runs in the worker where that model is warm. */
    model?: string;
}

/** The user's function endpoints. */
export interface FunctionsConfig {
    /** Absolute path of the folder scanned for function files (relative ones are resolved next to kettle.toml). */
    dir: string;
    /** Mount point: "" for the root, else "/something" (no trailing slash). */
    prefix: string;
    /** Defaults for every user function. */
    limits: FunctionLimits;
    routes: Record<string, FunctionRouteSettings>;
}

/** Where a model may run: a GPU index, several, or the CPU only. */
export type GpuPin = number | number[] | "cpu";

export type RawModelSettings = {
    num_parallel?: number;
    replicas?: number;
    gpu?: GpuPin;
    preload?: boolean;
};

/** Scheduling settings of one model; absent ones fall back to the scheduler's. */
export interface ModelSettings {
    /** Sequences (parallel requests) per replica. */
    numParallel?: number;
    /** Warm copies of the model, each in its own worker. */
    replicas: number;
    /** Devices the model may be placed on; undefined = any (the GPU with most free memory that fits, else CPU). */
    gpu?: GpuPin;
    /** Loaded at start-up and kept loaded; `/readyz` waits for it. */
    preload?: boolean;
}

export interface ServerConfig {
    /** Bind address. */
    host: string;
    /** TCP port, 1..65535. */
    port: number;
    /** Extra CORS origins on top of the built-in localhost ones. */
    origins: string[];
    /** Extra `Host` names a server on a loopback address answers (`*.example.com` wildcards allowed). */
    allowedHosts: string[];
    /** API keys (`NAME:SECRET` or `SECRET`); when any is set, requests need one. */
    apiKeys: string[];
    /** Absolute path of a file of more keys, one a line (`#` comments); "" = none. */
    apiKeyFile: string;
    /** PEM certificate (chain) and key files: with both, the server speaks HTTPS; "" = plain HTTP. */
    tlsCert: string;
    tlsKey: string;
    /** How long (ms) a shutdown waits for requests and streams in flight before ending them. */
    shutdownTimeout: number;
    /** Longest (ms) a client may take to send a request's headers. */
    headerTimeout: number;
    /** Longest pause (ms) between two pieces of a request's body; 0 = none. */
    bodyTimeout: number;
    /** Largest JSON request body accepted, in bytes (blob uploads are streamed and not limited). */
    maxBodyBytes: number;
    /** Serve `GET /metrics` (Prometheus' text format). */
    metrics: boolean;
}

export interface StoreConfig {
    /** Absolute path of the model store ("~" already expanded). */
    path: string;
    /** Skip pruning unused blobs at startup. */
    noprune: boolean;
}

export interface SchedulerConfig {
    /** How long an idle model stays loaded, in ms; `Infinity` = forever, 0 = unload at once. */
    keepAlive: number;
    /** Parallel sequences per loaded model (>= 1). */
    numParallel: number;
    /** Maximum models loaded at once; 0 = decide from available memory. */
    maxLoadedModels: number;
    /** Queued requests beyond which new requests are rejected. */
    maxQueue: number;
    /** Give up loading a model after this many ms; `Infinity` = no timeout. */
    loadTimeout: number;
    /** Worker threads per lane; each holds its own warm models. */
    workers: number;
    /** Memory models may use on the CPU, in bytes; 0 = what is free at start minus the reserve. */
    memoryLimit: number;
    /** Memory kept free for everything else, in bytes (per device). */
    memoryReserve: number;
}

export interface EngineConfig {
    /** CPU threads; 0 = the number of physical cores (resolved by the engine). */
    threads: number;
    /** Context window in tokens; 0 = the model's own maximum. */
    contextLength: number;
    flashAttention: FlashAttention;
    kvCacheType: KvCacheType;
    /** A request copies a prompt prefix another slot of its model holds instead of evaluating it. */
    sharePrefixes: boolean;
}

/** How embedding requests share evaluations, and the cache of their results. */
export interface EmbeddingsConfig {
    /** How long an embedding request waits for others to share its evaluation, in ms. */
    batchWindow: number;
    /** Most inputs evaluated together (sequences in one llama.cpp batch). */
    maxBatch: number;
    /** Tokens one evaluation aims to hold (inputs join it while they fit; a longer input goes alone). */
    batchTokens: number;
    /** Bytes of embeddings kept in the cache; 0 turns the cache off. */
    cacheMaxBytes: number;
    /** How long a cached embedding stays valid, in ms; `Infinity` = until evicted. */
    cacheTtl: number;
}

/** Batch jobs (OpenAI's Files and Batches API): where they are kept and how they share the models. */
export interface BatchesConfig {
    /** Absolute path of the folder holding the batch database and the files. */
    path: string;
    /** Largest uploaded file, in bytes; larger ones are answered 413. */
    maxFileBytes: number;
    /** Most lines in a batch's input file. */
    maxFileLines: number;
    /** Most sequences of a model one batch keeps busy at once; 0 = every one interactive traffic leaves idle. */
    maxSlots: number;
    /** For this long (ms) after an interactive request, lines leave each copy of its model one sequence free; 0 = never. */
    interactiveReserve: number;
    /** How long files and finished batches are kept, in ms; `Infinity` = forever. */
    retention: number;
}

/** Stored responses (OpenAI's Responses API, `store: true`), kept in the batch jobs' database. */
export interface ResponsesConfig {
    /** How long a stored response is kept, in ms; `Infinity` = forever. */
    retention: number;
}

/** How pulls and pushes move blobs (Ollama's download.go/upload.go constants, made settable). */
export interface RegistryConfig {
    /** A blob is cut into about 16 parts, each at least this many bytes… */
    partSizeMin: number;
    /** …and at most this many. */
    partSizeMax: number;
    /** Parts of one blob transferred at once. */
    maxStreams: number;
    /** A part that receives nothing for this long (ms) is restarted where it stopped; `Infinity` = never. */
    stallTimeout: number;
    /** Failed attempts of one part before the pull fails (each waits 1 s, 2 s, 4 s, … before retrying). */
    retries: number;
}

export interface LogConfig {
    level: LogLevel;
    /** "text": Kettle's `kettle: …` lines; "json": one JSON object a line (pino's). */
    format: LogFormat;
}

export interface ConfigSources {
    /** Absolute path of the kettle.toml that was read, or null when none was. */
    file: string | null;
}

/** The validated, fully-defaulted configuration. */
export interface Config {
    server: ServerConfig;
    store: StoreConfig;
    scheduler: SchedulerConfig;
    engine: EngineConfig;
    log: LogConfig;
    embeddings: EmbeddingsConfig;
    batches: BatchesConfig;
    responses: ResponsesConfig;
    registry: RegistryConfig;
    /** Per-model settings by model name as written in kettle.toml. */
    models: Record<string, ModelSettings>;
    functions: FunctionsConfig;
    /** `ctx.env` of every function: `[vars]`, then the secrets of `.dev.vars` next to kettle.toml. */
    vars: Record<string, unknown>;
    sources: ConfigSources;
}
