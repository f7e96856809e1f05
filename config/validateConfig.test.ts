import assert from "node:assert/strict";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import type { Config } from "./Config.js";
import { defaultConfig } from "./defaultConfig.js";
import { mergeLayers } from "./mergeLayers.js";
import { validateConfig } from "./validateConfig.js";

const baseDir = path.join(os.tmpdir(), "kettle-validate");

function validate(layer: unknown) {
    return validateConfig(mergeLayers(defaultConfig, layer), { storeBaseDir: baseDir });
}

function errorsOf(layer: unknown): string[] {
    const { config, diagnostics } = validate(layer);
    assert.equal(config, undefined);
    return diagnostics.errors;
}

test("the defaults validate into the typed Config", () => {
    const { config, diagnostics } = validate({});
    const expected: Config = {
        server: {
            host: "127.0.0.1",
            port: 11434,
            origins: [],
            allowedHosts: [],
            apiKeys: [],
            apiKeyFile: "",
            tlsCert: "",
            tlsKey: "",
            shutdownTimeout: 30_000,
            headerTimeout: 30_000,
            bodyTimeout: 60_000,
            maxBodyBytes: 33554432,
            metrics: true
        },
        store: { path: path.join(os.homedir(), ".kettle", "models"), noprune: false },
        scheduler: {
            keepAlive: 300_000,
            numParallel: 1,
            maxLoadedModels: 0,
            maxQueue: 512,
            loadTimeout: 300_000,
            workers: 2,
            memoryLimit: 0,
            memoryReserve: 1024 * 1024 * 1024
        },
        engine: { threads: 0, contextLength: 4096, flashAttention: "auto", kvCacheType: "f16", sharePrefixes: true },
        log: { level: "info", format: "text" },
        embeddings: { batchWindow: 1, maxBatch: 64, batchTokens: 128, cacheMaxBytes: 256 * 1024 * 1024, cacheTtl: 3_600_000 },
        batches: {
            path: path.join(os.homedir(), ".kettle", "batches"),
            maxFileBytes: 200 * 1024 * 1024,
            maxFileLines: 50_000,
            maxSlots: 0,
            interactiveReserve: 60_000,
            retention: 30 * 24 * 3_600_000
        },
        responses: { retention: 30 * 24 * 3_600_000 },
        registry: { partSizeMin: 100_000_000, partSizeMax: 1_000_000_000, maxStreams: 16, stallTimeout: 30_000, retries: 6 },
        models: {},
        functions: {
            dir: path.join(baseDir, "functions"),
            prefix: "",
            limits: { timeout: 120_000, maxConcurrency: 64, maxBodyBytes: 32 * 1024 * 1024 },
            routes: {}
        },
        vars: {},
        sources: { file: null }
    };
    assert.deepEqual(config, expected);
    assert.equal(diagnostics.hasErrors(), false);
    assert.equal(diagnostics.hasWarnings(), false);
});

test("durations: keep_alive 0 unloads at once, negatives and load_timeout <= 0 mean Infinity", () => {
    const forever = validate({ scheduler: { keep_alive: -1, load_timeout: 0 } }).config;
    assert.equal(forever?.scheduler.keepAlive, Infinity);
    assert.equal(forever?.scheduler.loadTimeout, Infinity);
    const zero = validate({ scheduler: { keep_alive: "0", load_timeout: "-1m" } }).config;
    assert.equal(zero?.scheduler.keepAlive, 0);
    assert.equal(zero?.scheduler.loadTimeout, Infinity);
    const mixed = validate({ scheduler: { keep_alive: "1h30m", load_timeout: 90 } }).config;
    assert.equal(mixed?.scheduler.keepAlive, 5_400_000);
    assert.equal(mixed?.scheduler.loadTimeout, 90_000);
});

test("every error is reported at once, one per key", () => {
    assert.deepEqual(
        errorsOf({
            server: { port: 0 },
            scheduler: { num_parallel: "x" },
            engine: { kv_cache_type: "q3" }
        }),
        [
            "server.port: expected an integer between 1 and 65535 but got 0",
            'scheduler.num_parallel: expected a positive integer but got "x"',
            'engine.kv_cache_type: expected one of "f16", "q8_0", "q4_0" but got "q3"'
        ]
    );
});

const singleErrors: Array<[unknown, string]> = [
    [{ server: { port: 70000 } }, "server.port: expected an integer between 1 and 65535 but got 70000"],
    [{ server: { port: 80.5 } }, "server.port: expected an integer between 1 and 65535 but got 80.5"],
    [{ server: { port: "80" } }, 'server.port: expected an integer between 1 and 65535 but got "80"'],
    [{ server: { host: "" } }, 'server.host: expected a non-empty string but got ""'],
    [{ server: { origins: "*" } }, 'server.origins: expected an array of strings but got "*"'],
    [{ server: { origins: ["a", 5] } }, "server.origins.1: expected a string but got 5"],
    [{ server: 5 }, "server: expected a table but got 5"],
    [{ store: { noprune: "yes" } }, 'store.noprune: expected a boolean but got "yes"'],
    [
        { scheduler: { keep_alive: "5x" } },
        'scheduler.keep_alive: expected a number of seconds or a duration string like "5m", ' + '"1h30m", "-1m" but got "5x"'
    ],
    [
        { scheduler: { load_timeout: true } },
        'scheduler.load_timeout: expected a number of seconds or a duration string like "5m", ' + '"1h30m", "-1m" but got true'
    ],
    [
        { scheduler: { keep_alive: "3600" } },
        'scheduler.keep_alive: expected a number of seconds or a duration string like "5m", ' + '"1h30m", "-1m" but got "3600"'
    ],
    [{ scheduler: { max_queue: -1 } }, "scheduler.max_queue: expected a non-negative integer but got -1"],
    [{ engine: { threads: 1.5 } }, "engine.threads: expected a non-negative integer but got 1.5"],
    [{ engine: { flash_attention: "yes" } }, 'engine.flash_attention: expected "auto", true or false but got "yes"'],
    [{ log: { level: "warn" } }, 'log.level: expected one of "info", "debug", "trace" but got "warn"'],
    [{ log: { format: "xml" } }, 'log.format: expected one of "text", "json" but got "xml"'],
    [{ server: { metrics: "yes" } }, 'server.metrics: expected a boolean but got "yes"'],
    [{ registry: { max_streams: 0 } }, "registry.max_streams: expected an integer between 1 and 64 but got 0"],
    [
        { registry: { part_size_min: 2000, part_size_max: 1000 } },
        "registry.part_size_min: expected an integer no larger than registry.part_size_max but got 2000"
    ]
];

for (const [layer, message] of singleErrors) {
    test(`error: ${message}`, () => {
        assert.deepEqual(errorsOf(layer), [message]);
    });
}

test("a key missing from an unmerged layer is reported as required", () => {
    const { server, store, scheduler, engine, embeddings, batches, responses, registry } = defaultConfig;
    const result = validateConfig(
        { server, store, scheduler, engine, embeddings, batches, responses, registry, log: { format: "text" } },
        { storeBaseDir: baseDir }
    );
    assert.deepEqual(result.diagnostics.errors, ["log.level: is required but missing"]);
});

test("unknown keys are warnings, top level and nested, and do not stop validation", () => {
    const { config, diagnostics } = validate({
        modles: [],
        server: { prot: 1, hots: "x" },
        log: { colour: true }
    });
    assert.ok(config);
    assert.equal(diagnostics.hasErrors(), false);
    assert.deepEqual(diagnostics.warnings, [
        'Unexpected fields found in top-level field: "modles"',
        'Unexpected fields found in server field: "prot", "hots"',
        'Unexpected fields found in log field: "colour"'
    ]);
});

test("a relative store.path is resolved against storeBaseDir, ~ against the home directory", () => {
    assert.equal(validate({ store: { path: "models" } }).config?.store.path, path.join(baseDir, "models"));
    assert.equal(validate({ store: { path: "~" } }).config?.store.path, os.homedir());
    assert.equal(validate({ store: { path: "/abs" } }).config?.store.path, path.resolve("/abs"));
});

test("per-model tables: parallel slots, replicas and GPU pins; unknown keys warn per model", () => {
    const { config, diagnostics } = validate({
        models: { "llama3.2:1b": { num_parallel: 4, replicas: 2, gpu: [0, 1] }, embedder: { gpu: "cpu", colour: "red" } }
    });
    assert.deepEqual(config?.models, {
        "llama3.2:1b": { numParallel: 4, replicas: 2, gpu: [0, 1] },
        embedder: { replicas: 1, gpu: "cpu" }
    });
    assert.deepEqual(diagnostics.warnings, ['Unexpected fields found in models."embedder" field: "colour"']);
    assert.deepEqual(errorsOf({ models: { x: { gpu: "gpu0", replicas: 0 } } }), [
        "models.x.replicas: expected a positive integer but got 0",
        'models.x.gpu: expected a GPU index, a list of GPU indexes, or "cpu" but got "gpu0"'
    ]);
});

test("functions: a relative dir is resolved next to kettle.toml, and the prefix is a path", () => {
    const result = validateConfig(mergeLayers(defaultConfig, { functions: { dir: "fns", prefix: "/user/" } }), {
        storeBaseDir: baseDir,
        functionsBaseDir: "/etc/kettle"
    });
    assert.equal(result.config?.functions.dir, path.join("/etc/kettle", "fns"));
    assert.equal(result.config?.functions.prefix, "/user");
    assert.deepEqual(errorsOf({ functions: { prefix: "user" } }), [
        'functions.prefix: expected a path starting with "/" (or "" for the root) but got "user"'
    ]);
});

test("functions: default limits, per-route settings (0 = no timeout), and their errors and unknown keys", () => {
    const { config, diagnostics } = validate({
        functions: {
            timeout: "30s",
            max_concurrency: 8,
            routes: { "/ask": { model: "llama3.2", timeout: 0, max_body_bytes: 1024, colour: "red" }, "/x": {} }
        }
    });
    assert.deepEqual(config?.functions.limits, { timeout: 30_000, maxConcurrency: 8, maxBodyBytes: 32 * 1024 * 1024 });
    assert.deepEqual(config?.functions.routes, { "/ask": { model: "llama3.2", timeout: Infinity, maxBodyBytes: 1024 }, "/x": {} });
    assert.deepEqual(diagnostics.warnings, ['Unexpected fields found in functions.routes."/ask" field: "colour"']);
    assert.deepEqual(errorsOf({ functions: { max_concurrency: 0, routes: { "/y": { timeout: "soon" } } } }), [
        "functions.max_concurrency: expected a positive integer but got 0",
        'functions.routes./y.timeout: expected a number of seconds or a duration string like "5m", "1h30m", "-1m" but got "soon"'
    ]);
    assert.deepEqual(errorsOf({ functions: { routes: { ask: {} } } }), [
        'functions.routes.ask: expected a route path starting with "/" but got "ask"'
    ]);
});

test("vars: any TOML values, with secrets laid over them", () => {
    const result = validateConfig(mergeLayers(defaultConfig, { vars: { GREETING: "hi", LIMIT: 3, TOKEN: "public" } }), {
        storeBaseDir: baseDir,
        secrets: { TOKEN: "secret" }
    });
    assert.deepEqual(result.config?.vars, { GREETING: "hi", LIMIT: 3, TOKEN: "secret" });
    assert.deepEqual(errorsOf({ vars: "x" }), ['vars: expected a table but got "x"']);
});
