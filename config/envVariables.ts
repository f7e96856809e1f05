/**
 * @module config/envVariables
 *
 * The table of every environment variable Kettle reads. Adding a variable is adding one
 * entry here; its name then becomes part of {@link EnvVarName}, so `getEnv("OLAMA_HOST")`
 * is a compile error, and it shows up in `kettle serve --help` through envDocs().
 *
 * Ollama's names are kept where Kettle means the same thing, so existing setups carry over.
 */
import { defaultConfig } from "./defaultConfig.js";
import {
    booleanValue,
    debugLevelValue,
    durationValue,
    hostValue,
    integerValue,
    kvCacheTypeValue,
    listValue,
    logFormatValue,
    stringValue,
    type EnvValueParser
} from "./envValueParsers.js";

export interface EnvVariable {
    description: string;
    /** The default as shown in help text. */
    default: string;
    /** Where the value goes in the raw config (objects are merged in). Absent: getEnv only. */
    config?: { path: string; parse: EnvValueParser };
    /** A variable this one overrides; when both are set, that one is not read at all. */
    supersedes?: string;
}

const { server, store, scheduler, engine, batches } = defaultConfig;

const table = {
    KETTLE_CONFIG: {
        description: "Path of the kettle.toml to read (the --config flag wins)",
        default: "./kettle.toml"
    },
    OLLAMA_HOST: {
        description: "Address to listen on, [scheme://]host[:port]",
        default: `${server.host}:${server.port}`,
        config: { path: "server", parse: hostValue }
    },
    KETTLE_HOST: {
        description: "Same as OLLAMA_HOST, and wins over it",
        default: `${server.host}:${server.port}`,
        config: { path: "server", parse: hostValue },
        supersedes: "OLLAMA_HOST"
    },
    KETTLE_API_KEYS: {
        description: "Comma-separated API keys (NAME:SECRET or SECRET) the server requires; never logged",
        default: "",
        config: { path: "server.api_keys", parse: listValue }
    },
    KETTLE_METRICS: {
        description: "Serve GET /metrics (true/false)",
        default: "true",
        config: { path: "server.metrics", parse: booleanValue }
    },
    KETTLE_API_KEY: {
        description: "The API key the kettle CLI sends to the server (Authorization: Bearer)",
        default: ""
    },
    OLLAMA_ORIGINS: {
        description: "Comma-separated extra origins allowed by CORS",
        default: server.origins.join(","),
        config: { path: "server.origins", parse: listValue }
    },
    OLLAMA_MODELS: {
        description: "Directory of the model store",
        default: store.path,
        config: { path: "store.path", parse: stringValue }
    },
    KETTLE_MODELS: {
        description: "Same as OLLAMA_MODELS, and wins over it",
        default: store.path,
        config: { path: "store.path", parse: stringValue },
        supersedes: "OLLAMA_MODELS"
    },
    OLLAMA_NOPRUNE: {
        description: "Do not prune unused model blobs at startup",
        default: String(store.noprune),
        config: { path: "store.noprune", parse: booleanValue }
    },
    OLLAMA_KEEP_ALIVE: {
        description: "How long an idle model stays loaded (duration or seconds; negative = forever)",
        default: String(scheduler.keep_alive),
        config: { path: "scheduler.keep_alive", parse: durationValue }
    },
    OLLAMA_NUM_PARALLEL: {
        description: "Parallel requests per loaded model",
        default: String(scheduler.num_parallel),
        config: { path: "scheduler.num_parallel", parse: integerValue(1) }
    },
    OLLAMA_MAX_LOADED_MODELS: {
        description: "Maximum models loaded at once (0 = decide from free memory)",
        default: String(scheduler.max_loaded_models),
        config: { path: "scheduler.max_loaded_models", parse: integerValue(0) }
    },
    OLLAMA_MAX_QUEUE: {
        description: "Queued requests beyond which new ones are rejected",
        default: String(scheduler.max_queue),
        config: { path: "scheduler.max_queue", parse: integerValue(0) }
    },
    OLLAMA_LOAD_TIMEOUT: {
        description: "Give up loading a model after this long (0 or negative = no timeout)",
        default: String(scheduler.load_timeout),
        config: { path: "scheduler.load_timeout", parse: durationValue }
    },
    OLLAMA_CONTEXT_LENGTH: {
        description: "Context length in tokens (0 = the model's own maximum)",
        default: String(engine.context_length),
        config: { path: "engine.context_length", parse: integerValue(0) }
    },
    OLLAMA_FLASH_ATTENTION: {
        description: "Force flash attention on (true) or off (false); unset = auto",
        default: String(engine.flash_attention),
        config: { path: "engine.flash_attention", parse: booleanValue }
    },
    OLLAMA_KV_CACHE_TYPE: {
        description: "KV cache quantisation: f16, q8_0 or q4_0",
        default: engine.kv_cache_type,
        config: { path: "engine.kv_cache_type", parse: kvCacheTypeValue }
    },
    DOCKER_CONFIG: {
        description: "Folder of Docker's config.json, whose logins (docker login) pull and push use",
        default: "~/.docker"
    },
    KETTLE_SHARE_PREFIXES: {
        description: "Copy a prompt prefix another slot of the model holds instead of evaluating it again (false = off)",
        default: String(engine.share_prefixes),
        config: { path: "engine.share_prefixes", parse: booleanValue }
    },
    KETTLE_THREADS: {
        description: "CPU threads for inference (0 = the number of physical cores)",
        default: String(engine.threads),
        config: { path: "engine.threads", parse: integerValue(0) }
    },
    KETTLE_LOG_FORMAT: {
        description: 'Log lines as "text" or "json"',
        default: "text",
        config: { path: "log.format", parse: logFormatValue }
    },
    OLLAMA_DEBUG: {
        description: "Verbose logging: 1 = debug, 2 = trace",
        default: "0",
        config: { path: "log.level", parse: debugLevelValue }
    },
    KETTLE_BATCHES: {
        description: "Directory of the batch jobs' database and files",
        default: batches.path,
        config: { path: "batches.path", parse: stringValue }
    },
    NO_COLOR: {
        description: "Disable coloured terminal output when set to anything",
        default: ""
    },
    UV_THREADPOOL_SIZE: {
        description:
            "libuv threads of the CPU lane, which run llama.cpp's decodes; each starts its own OpenMP team, so more than one oversubscribes the cores",
        default: "1"
    },
    KETTLE_DEVICES: {
        description:
            'A JSON file describing GPUs to use instead of discovering them ({"gpus": [{"name", "total_bytes", "free_bytes"}]}); their lanes run on the CPU (for tests and dry runs)',
        default: ""
    },
    LLAMA_SERVER: {
        description: "Benchmarks only: path of a llama-server binary to compare against",
        default: ""
    }
} satisfies Record<string, EnvVariable>;

/** Every environment variable Kettle reads. */
export type EnvVarName = keyof typeof table;

export const envVariables: Readonly<Record<EnvVarName, EnvVariable>> = table;
