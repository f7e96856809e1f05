import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { ConfigError } from "./ConfigError.js";
import { ConfigFileError } from "./ConfigFileError.js";
import { ConfigSyntaxError } from "./ConfigSyntaxError.js";
import { defaultConfig } from "./defaultConfig.js";
import { loadConfig } from "./loadConfig.js";
import { readConfigFile } from "./readConfigFile.js";

// Tests run from dist/config/, the shipped file sits at the repository root.
const shippedToml = fileURLToPath(new URL("../../kettle.toml", import.meta.url));

function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "kettle-load-"));
}

/** Writes `text` as `<dir>/<name>` in a fresh temp dir and returns the file's path. */
function tempToml(text: string, name = "kettle.toml"): string {
    const file = path.join(tempDir(), name);
    fs.writeFileSync(file, text);
    return file;
}

function configError(run: () => unknown): ConfigError {
    try {
        run();
    } catch (error) {
        assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
        return error;
    }
    assert.fail("expected loadConfig to throw");
}

test("with no file, env or flags the config is the defaults", () => {
    const { config, diagnostics } = loadConfig({ cwd: tempDir(), env: {} });
    assert.equal(config.server.port, 11434);
    assert.equal(config.scheduler.keepAlive, 300_000);
    assert.equal(config.store.path, path.join(os.homedir(), ".kettle", "models"));
    assert.equal(config.sources.file, null);
    assert.equal(diagnostics.hasWarnings(), false);
});

test("precedence: flags > env > kettle.toml > defaults", () => {
    const file = tempToml("[server]\nport = 1000\n[scheduler]\nnum_parallel = 2\nmax_queue = 10\n");
    const { config } = loadConfig({
        cwd: path.dirname(file),
        env: { OLLAMA_NUM_PARALLEL: "3", OLLAMA_MAX_QUEUE: "20" },
        flags: { scheduler: { max_queue: 30 } }
    });
    assert.equal(config.server.host, "127.0.0.1", "default kept");
    assert.equal(config.server.port, 1000, "toml beats defaults");
    assert.equal(config.scheduler.numParallel, 3, "env beats toml");
    assert.equal(config.scheduler.maxQueue, 30, "flags beat env");
    assert.equal(config.sources.file, file);
});

test("file resolution: the file option beats KETTLE_CONFIG, which beats ./kettle.toml", () => {
    const cwdFile = tempToml("[server]\nport = 1\n");
    const cwd = path.dirname(cwdFile);
    const envFile = tempToml("[server]\nport = 2\n", "env.toml");
    const flagFile = tempToml("[server]\nport = 3\n", "flag.toml");

    assert.equal(loadConfig({ cwd, env: {} }).config.server.port, 1);
    assert.equal(loadConfig({ cwd, env: { KETTLE_CONFIG: envFile } }).config.server.port, 2);
    const both = loadConfig({ cwd, file: flagFile, env: { KETTLE_CONFIG: envFile } }).config;
    assert.equal(both.server.port, 3);
    assert.equal(both.sources.file, flagFile);
});

test("a relative file option or KETTLE_CONFIG is resolved against cwd", () => {
    const file = tempToml("[server]\nport = 4\n", "other.toml");
    const cwd = path.dirname(file);
    assert.equal(loadConfig({ cwd, file: "other.toml", env: {} }).config.sources.file, file);
    assert.equal(loadConfig({ cwd, env: { KETTLE_CONFIG: "other.toml" } }).config.server.port, 4);
});

test("a missing --config or KETTLE_CONFIG file is an error naming the path", () => {
    const cwd = tempDir();
    const missing = path.join(cwd, "nope.toml");
    assert.throws(() => loadConfig({ cwd, file: "nope.toml", env: {} }), {
        name: "ConfigFileError",
        message: `--config: could not read config file "${missing}": file not found`
    });
    const error = configError(() => loadConfig({ cwd, env: { KETTLE_CONFIG: missing } }));
    assert.ok(error instanceof ConfigFileError);
    assert.equal(error.message, `KETTLE_CONFIG: could not read config file "${missing}": file not found`);
});

test("store.path: ~ is the home directory", () => {
    const file = tempToml('[store]\npath = "~/models"\n');
    const { config } = loadConfig({ cwd: path.dirname(file), env: {} });
    assert.equal(config.store.path, path.join(os.homedir(), "models"));
});

test("store.path: relative in kettle.toml means next to the file, not the cwd", () => {
    const file = tempToml('[store]\npath = "models"\n', "k.toml");
    const cwd = tempDir();
    const { config } = loadConfig({ cwd, file, env: {} });
    assert.equal(config.store.path, path.join(path.dirname(file), "models"));
});

test("store.path: relative from env or flags is resolved against cwd", () => {
    const file = tempToml('[store]\npath = "models"\n', "k.toml");
    const cwd = tempDir();
    const fromEnv = loadConfig({ cwd, file, env: { KETTLE_MODELS: "env-models" } }).config;
    assert.equal(fromEnv.store.path, path.join(cwd, "env-models"));
    const fromFlags = loadConfig({ cwd, file, env: {}, flags: { store: { path: "flag-models" } } });
    assert.equal(fromFlags.config.store.path, path.join(cwd, "flag-models"));
});

test("several errors are thrown together in one ConfigError", () => {
    const file = tempToml('[server]\nport = 0\n[scheduler]\nnum_parallel = "x"\n[engine]\nkv_cache_type = "q3"\n');
    const error = configError(() => loadConfig({ cwd: path.dirname(file), env: {} }));
    assert.equal(error.diagnostics.errors.length, 3);
    assert.equal(
        error.message,
        [
            "Processing kettle.toml configuration:",
            "  - server.port: expected an integer between 1 and 65535 but got 0",
            '  - scheduler.num_parallel: expected a positive integer but got "x"',
            '  - engine.kv_cache_type: expected one of "f16", "q8_0", "q4_0" but got "q3"'
        ].join("\n")
    );
});

test("env errors are thrown together with file errors", () => {
    const file = tempToml("[server]\nport = 0\n");
    const error = configError(() => loadConfig({ cwd: path.dirname(file), env: { OLLAMA_NUM_PARALLEL: "abc" } }));
    assert.equal(
        error.message,
        [
            "Processing kettle.toml configuration:",
            "  - server.port: expected an integer between 1 and 65535 but got 0",
            "  - Processing environment variables:",
            '      - OLLAMA_NUM_PARALLEL: expected a positive integer but got "abc"'
        ].join("\n")
    );
});

test("a file outside cwd is named by its absolute path in the title", () => {
    const file = tempToml("[log]\nlevel = 3\n");
    const error = configError(() => loadConfig({ cwd: tempDir(), file, env: {} }));
    assert.equal(
        error.message,
        `Processing ${file} configuration:\n` + '  - log.level: expected one of "info", "debug", "trace" but got 3'
    );
});

test("unknown keys are returned as warnings, top level and nested", () => {
    const file = tempToml('name = "x"\n[server]\nprot = 8080\n[engine.gpu]\nlayers = 1\n');
    const { config, diagnostics } = loadConfig({ cwd: path.dirname(file), env: {} });
    assert.equal(config.server.port, 11434);
    assert.equal(
        diagnostics.renderWarnings(),
        [
            "Processing kettle.toml configuration:",
            '  - Unexpected fields found in top-level field: "name"',
            '  - Unexpected fields found in server field: "prot"',
            '  - Unexpected fields found in engine field: "gpu"'
        ].join("\n")
    );
});

test("a TOML syntax error surfaces with file, line and column", () => {
    const file = tempToml('[server]\nhost = "a"\nport = = 1\n');
    assert.throws(
        () => loadConfig({ cwd: path.dirname(file), env: {} }),
        (error: unknown) => {
            assert.ok(error instanceof ConfigSyntaxError);
            assert.equal(error.file, file);
            assert.equal(error.line, 3);
            assert.equal(error.column, 8);
            assert.ok(error.message.startsWith(`${file}:3:8: `), error.message);
            return true;
        }
    );
});

test("the shipped kettle.toml loads with no diagnostics and equals the defaults", () => {
    const { config, diagnostics } = loadConfig({ cwd: tempDir(), file: shippedToml, env: {} });
    assert.equal(diagnostics.hasErrors(), false);
    assert.equal(diagnostics.hasWarnings(), false);
    assert.equal(config.sources.file, shippedToml);
    const defaults = loadConfig({ cwd: tempDir(), env: {} }).config;
    // functions.dir is resolved next to the file that was read, so it is the one difference.
    assert.equal(config.functions.dir, path.join(path.dirname(shippedToml), "functions"));
    assert.deepEqual({ ...config, sources: null, functions: null }, { ...defaults, sources: null, functions: null });
    // Every key present, with exactly the default value.
    const parsed = JSON.parse(JSON.stringify(readConfigFile(shippedToml))) as unknown;
    assert.deepEqual(parsed, JSON.parse(JSON.stringify(defaultConfig)));
});
