/**
 * @module config/defaultConfig
 *
 * The single place Kettle's defaults are declared. They are written in the TOML's own shape
 * so they are simply the lowest layer of the merge (defaults < toml < env < flags), and so
 * help text can quote them exactly as a user would write them.
 */
import type { RawConfig } from "./Config.js";

/** A RawConfig with every section and key present (but for the per-route tables, which have no default). */
export type FullRawConfig = {
    readonly [S in keyof RawConfig]-?: S extends "functions"
        ? Readonly<Required<Omit<NonNullable<RawConfig[S]>, "routes">>>
        : Readonly<Required<NonNullable<RawConfig[S]>>>;
};

export const defaultConfig: FullRawConfig = Object.freeze({
    server: Object.freeze({
        host: "127.0.0.1",
        // Ollama's port, so ollama-js and the ollama CLI find us without arguments.
        port: 11434,
        origins: [],
        allowed_hosts: [],
        api_keys: [],
        api_key_file: "",
        tls_cert: "",
        tls_key: "",
        shutdown_timeout: "30s",
        header_timeout: "30s",
        body_timeout: "60s",
        // Generous for chat histories with images; blob uploads stream past this limit.
        max_body_bytes: 32 * 1024 * 1024,
        metrics: true
    }),
    store: Object.freeze({
        path: "~/.kettle/models",
        noprune: false
    }),
    scheduler: Object.freeze({
        keep_alive: "5m",
        num_parallel: 1,
        max_loaded_models: 0,
        max_queue: 512,
        load_timeout: "5m",
        workers: 2,
        memory_limit: 0,
        // Room for the OS, the server and page cache the weights' mmap competes with.
        memory_reserve: 1024 * 1024 * 1024
    }),
    engine: Object.freeze({
        threads: 0,
        context_length: 4096,
        flash_attention: "auto",
        kv_cache_type: "f16",
        share_prefixes: true
    }),
    log: Object.freeze({
        level: "info",
        format: "text"
    }),
    embeddings: Object.freeze({
        // Long enough for requests sent together to meet, short against an evaluation's milliseconds.
        batch_window: "1ms",
        max_batch: 64,
        // Past a few hundred tokens a CPU batch's attention costs more than batching saves (bench/README.md).
        batch_tokens: 128,
        cache_max_bytes: 256 * 1024 * 1024,
        cache_ttl: "1h"
    }),
    batches: Object.freeze({
        path: "~/.kettle/batches",
        // OpenAI's limits for a batch input file.
        max_file_bytes: 200 * 1024 * 1024,
        max_file_lines: 50_000,
        max_slots: 0,
        interactive_reserve: "1m",
        retention: "720h"
    }),
    responses: Object.freeze({ retention: "720h" }),
    registry: Object.freeze({
        // Ollama's sizing: a blob in 16 parts of 100 MB to 1 GB, all in flight at once.
        part_size_min: 100_000_000,
        part_size_max: 1_000_000_000,
        max_streams: 16,
        stall_timeout: "30s",
        retries: 6
    }),
    models: Object.freeze({}),
    functions: Object.freeze({
        // Relative to the folder of kettle.toml (or the working directory without one).
        dir: "./functions",
        prefix: "",
        timeout: "2m",
        max_concurrency: 64,
        max_body_bytes: 32 * 1024 * 1024
    }),
    vars: Object.freeze({})
});
