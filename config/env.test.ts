import assert from "node:assert/strict";
import { test } from "node:test";
import type { RawConfig } from "./Config.js";
import { envDocs, getEnv, laneEnvironment, libuvThreadpoolSize, readEnv } from "./env.js";

function layerOf(env: Record<string, string>): RawConfig {
    const { layer, diagnostics } = readEnv(env);
    assert.equal(diagnostics.renderErrors(), "");
    return layer;
}

function errorsOf(env: Record<string, string>): string[] {
    return readEnv(env).diagnostics.errors;
}

const mappings: Array<[Record<string, string>, RawConfig]> = [
    [{ OLLAMA_HOST: "0.0.0.0" }, { server: { host: "0.0.0.0", port: 11434 } }],
    [{ OLLAMA_HOST: ":8080" }, { server: { host: "127.0.0.1", port: 8080 } }],
    [{ OLLAMA_HOST: "https://example.com" }, { server: { host: "example.com", port: 443 } }],
    [{ OLLAMA_HOST: "[::1]:9000" }, { server: { host: "::1", port: 9000 } }],
    [{ KETTLE_HOST: "10.0.0.1:1" }, { server: { host: "10.0.0.1", port: 1 } }],
    [{ OLLAMA_ORIGINS: " http://a , ,https://b," }, { server: { origins: ["http://a", "https://b"] } }],
    [{ OLLAMA_MODELS: "/models" }, { store: { path: "/models" } }],
    [{ KETTLE_MODELS: "/kettle" }, { store: { path: "/kettle" } }],
    [{ OLLAMA_NOPRUNE: "1" }, { store: { noprune: true } }],
    [{ OLLAMA_NOPRUNE: "FALSE" }, { store: { noprune: false } }],
    [{ OLLAMA_KEEP_ALIVE: "10m" }, { scheduler: { keep_alive: "10m" } }],
    [{ OLLAMA_KEEP_ALIVE: "3600" }, { scheduler: { keep_alive: 3600 } }],
    [{ OLLAMA_KEEP_ALIVE: "-1" }, { scheduler: { keep_alive: -1 } }],
    [{ OLLAMA_NUM_PARALLEL: "4" }, { scheduler: { num_parallel: 4 } }],
    [{ OLLAMA_MAX_LOADED_MODELS: "0" }, { scheduler: { max_loaded_models: 0 } }],
    [{ OLLAMA_MAX_QUEUE: "10" }, { scheduler: { max_queue: 10 } }],
    [{ OLLAMA_LOAD_TIMEOUT: "30" }, { scheduler: { load_timeout: 30 } }],
    [{ OLLAMA_LOAD_TIMEOUT: "2m" }, { scheduler: { load_timeout: "2m" } }],
    [{ OLLAMA_CONTEXT_LENGTH: "8192" }, { engine: { context_length: 8192 } }],
    [{ OLLAMA_FLASH_ATTENTION: "true" }, { engine: { flash_attention: true } }],
    [{ OLLAMA_FLASH_ATTENTION: "0" }, { engine: { flash_attention: false } }],
    [{ OLLAMA_KV_CACHE_TYPE: "q8_0" }, { engine: { kv_cache_type: "q8_0" } }],
    [{ KETTLE_THREADS: "8" }, { engine: { threads: 8 } }],
    [{ KETTLE_SHARE_PREFIXES: "false" }, { engine: { share_prefixes: false } }],
    [{ OLLAMA_DEBUG: "1" }, { log: { level: "debug" } }],
    [{ OLLAMA_DEBUG: "true" }, { log: { level: "debug" } }],
    [{ OLLAMA_DEBUG: "2" }, { log: { level: "trace" } }],
    [{ OLLAMA_DEBUG: "0" }, { log: { level: "info" } }],
    [{ OLLAMA_DEBUG: "false" }, { log: { level: "info" } }],
    [{ KETTLE_LOG_FORMAT: "json" }, { log: { format: "json" } }],
    [{ KETTLE_METRICS: "false" }, { server: { metrics: false } }]
];

for (const [env, expected] of mappings) {
    test(`readEnv maps ${JSON.stringify(env)}`, () => {
        assert.deepEqual(layerOf(env), expected);
    });
}

test("values are trimmed and surrounding quotes stripped, like Ollama's envconfig", () => {
    assert.deepEqual(layerOf({ OLLAMA_NUM_PARALLEL: '  "3" ', OLLAMA_MODELS: "'/m'" }), {
        scheduler: { num_parallel: 3 },
        store: { path: "/m" }
    });
});

test("unset, empty and blank variables are ignored", () => {
    assert.deepEqual(layerOf({ OLLAMA_NUM_PARALLEL: "", OLLAMA_HOST: "  ", OLLAMA_DEBUG: '""' }), {});
});

test("KETTLE_MODELS beats OLLAMA_MODELS and KETTLE_HOST beats OLLAMA_HOST", () => {
    assert.deepEqual(
        layerOf({
            OLLAMA_MODELS: "/ollama",
            KETTLE_MODELS: "/kettle",
            OLLAMA_HOST: "0.0.0.0:1",
            KETTLE_HOST: "127.0.0.2:2"
        }),
        { server: { host: "127.0.0.2", port: 2 }, store: { path: "/kettle" } }
    );
});

test("a superseded variable is not even validated", () => {
    assert.deepEqual(errorsOf({ OLLAMA_HOST: "x:99999", KETTLE_HOST: "x:1" }), []);
});

test("several variables combine into one layer", () => {
    assert.deepEqual(layerOf({ OLLAMA_NUM_PARALLEL: "2", OLLAMA_MAX_QUEUE: "3", OLLAMA_HOST: ":1" }), {
        server: { host: "127.0.0.1", port: 1 },
        scheduler: { num_parallel: 2, max_queue: 3 }
    });
});

const invalid: Array<[Record<string, string>, string]> = [
    [{ OLLAMA_NUM_PARALLEL: "abc" }, 'OLLAMA_NUM_PARALLEL: expected a positive integer but got "abc"'],
    [{ OLLAMA_NUM_PARALLEL: "0" }, 'OLLAMA_NUM_PARALLEL: expected a positive integer but got "0"'],
    [{ OLLAMA_MAX_QUEUE: "-1" }, 'OLLAMA_MAX_QUEUE: expected a non-negative integer but got "-1"'],
    [{ OLLAMA_MAX_LOADED_MODELS: "1.5" }, 'OLLAMA_MAX_LOADED_MODELS: expected a non-negative integer but got "1.5"'],
    [{ OLLAMA_CONTEXT_LENGTH: "4k" }, 'OLLAMA_CONTEXT_LENGTH: expected a non-negative integer but got "4k"'],
    [{ KETTLE_THREADS: "many" }, 'KETTLE_THREADS: expected a non-negative integer but got "many"'],
    [{ OLLAMA_NOPRUNE: "yes" }, 'OLLAMA_NOPRUNE: expected a boolean (1, t, true, TRUE, 0, f, false, FALSE) but got "yes"'],
    [
        { OLLAMA_FLASH_ATTENTION: "auto" },
        "OLLAMA_FLASH_ATTENTION: expected a boolean (1, t, true, TRUE, 0, f, false, FALSE) " + 'but got "auto"'
    ],
    [
        { OLLAMA_KEEP_ALIVE: "5x" },
        "OLLAMA_KEEP_ALIVE: expected a whole number of seconds or a duration like " + '"5m", "1h30m", "-1m" but got "5x"'
    ],
    [
        { OLLAMA_LOAD_TIMEOUT: "1.5" },
        "OLLAMA_LOAD_TIMEOUT: expected a whole number of seconds or a duration like " + '"5m", "1h30m", "-1m" but got "1.5"'
    ],
    [{ OLLAMA_KV_CACHE_TYPE: "q3" }, 'OLLAMA_KV_CACHE_TYPE: expected one of "f16", "q8_0", "q4_0" but got "q3"'],
    [{ OLLAMA_DEBUG: "loud" }, 'OLLAMA_DEBUG: expected a boolean or a level 0, 1 or 2 but got "loud"'],
    [{ KETTLE_LOG_FORMAT: "xml" }, 'KETTLE_LOG_FORMAT: expected one of "text", "json" but got "xml"'],
    [
        { OLLAMA_HOST: "0.0.0.0:99999" },
        "OLLAMA_HOST: expected an address like [scheme://]host[:port][/path] with a port " + 'between 1 and 65535 but got "0.0.0.0:99999"'
    ]
];

for (const [env, message] of invalid) {
    test(`readEnv rejects ${JSON.stringify(env)}`, () => {
        const { layer, diagnostics } = readEnv(env);
        assert.deepEqual(diagnostics.errors, [message]);
        assert.deepEqual(layer, {}, "an invalid value is left out of the layer");
    });
}

test("all invalid variables are reported together, in a titled tree", () => {
    const { diagnostics } = readEnv({ OLLAMA_NUM_PARALLEL: "abc", OLLAMA_MAX_QUEUE: "x" });
    assert.equal(
        diagnostics.renderErrors(),
        "Processing environment variables:\n" +
            '  - OLLAMA_NUM_PARALLEL: expected a positive integer but got "abc"\n' +
            '  - OLLAMA_MAX_QUEUE: expected a non-negative integer but got "x"'
    );
});

test("getEnv normalises and reads non-config variables too", () => {
    assert.equal(getEnv("KETTLE_CONFIG", { KETTLE_CONFIG: ' "/etc/kettle.toml" ' }), "/etc/kettle.toml");
    assert.equal(getEnv("NO_COLOR", { NO_COLOR: "" }), undefined);
    assert.equal(getEnv("NO_COLOR", {}), undefined);
});

test("envDocs lists every variable with its default and config key", () => {
    const docs = envDocs();
    const byName = new Map(docs.map((doc) => [doc.name, doc]));
    assert.deepEqual(byName.get("OLLAMA_KEEP_ALIVE"), {
        name: "OLLAMA_KEEP_ALIVE",
        description: "How long an idle model stays loaded (duration or seconds; negative = forever)",
        default: "5m",
        config: "scheduler.keep_alive"
    });
    assert.equal(byName.get("OLLAMA_HOST")?.default, "127.0.0.1:11434");
    assert.equal(byName.get("KETTLE_CONFIG")?.config, null);
    assert.deepEqual(
        docs.map((doc) => doc.name),
        [
            "KETTLE_CONFIG",
            "OLLAMA_HOST",
            "KETTLE_HOST",
            "KETTLE_API_KEYS",
            "KETTLE_METRICS",
            "KETTLE_API_KEY",
            "OLLAMA_ORIGINS",
            "OLLAMA_MODELS",
            "KETTLE_MODELS",
            "OLLAMA_NOPRUNE",
            "OLLAMA_KEEP_ALIVE",
            "OLLAMA_NUM_PARALLEL",
            "OLLAMA_MAX_LOADED_MODELS",
            "OLLAMA_MAX_QUEUE",
            "OLLAMA_LOAD_TIMEOUT",
            "OLLAMA_CONTEXT_LENGTH",
            "OLLAMA_FLASH_ATTENTION",
            "OLLAMA_KV_CACHE_TYPE",
            "DOCKER_CONFIG",
            "KETTLE_SHARE_PREFIXES",
            "KETTLE_THREADS",
            "KETTLE_LOG_FORMAT",
            "OLLAMA_DEBUG",
            "KETTLE_BATCHES",
            "NO_COLOR",
            "UV_THREADPOOL_SIZE",
            "KETTLE_DEVICES",
            "LLAMA_SERVER"
        ]
    );
    for (const doc of docs) assert.ok(doc.description.length > 0, doc.name);
});

test("a CPU lane runs llama.cpp on one libuv thread unless UV_THREADPOOL_SIZE says otherwise", () => {
    assert.deepEqual(laneEnvironment({ PATH: "/bin" }), { PATH: "/bin", UV_THREADPOOL_SIZE: "1" });
    assert.equal(laneEnvironment({ UV_THREADPOOL_SIZE: "4" }).UV_THREADPOOL_SIZE, "4");
    assert.equal(laneEnvironment({ UV_THREADPOOL_SIZE: " " }).UV_THREADPOOL_SIZE, "1");
});

test("libuvThreadpoolSize follows libuv's rule: default 4, atoi, 0 → 1, capped at 1024, negative wraps to the cap", () => {
    assert.equal(libuvThreadpoolSize({}), 4);
    assert.equal(libuvThreadpoolSize({ UV_THREADPOOL_SIZE: "1" }), 1);
    assert.equal(libuvThreadpoolSize({ UV_THREADPOOL_SIZE: " 8threads" }), 8);
    assert.equal(libuvThreadpoolSize({ UV_THREADPOOL_SIZE: "" }), 1);
    assert.equal(libuvThreadpoolSize({ UV_THREADPOOL_SIZE: "many" }), 1);
    assert.equal(libuvThreadpoolSize({ UV_THREADPOOL_SIZE: "5000" }), 1024);
    assert.equal(libuvThreadpoolSize({ UV_THREADPOOL_SIZE: "-2" }), 1024);
});
