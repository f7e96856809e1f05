import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { ConfigError } from "./ConfigError.js";
import { ConfigFileError } from "./ConfigFileError.js";
import { ConfigSyntaxError } from "./ConfigSyntaxError.js";
import { readConfigFile } from "./readConfigFile.js";

function tempFile(name: string, text: string): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kettle-read-")), name);
    fs.writeFileSync(file, text);
    return file;
}

test("parses a TOML document", () => {
    const file = tempFile("kettle.toml", '[server]\nport = 8080\nhost = "0.0.0.0"\n');
    // smol-toml builds null-prototype tables; compare the data, not the prototypes.
    const parsed = JSON.parse(JSON.stringify(readConfigFile(file))) as unknown;
    assert.deepEqual(parsed, { server: { port: 8080, host: "0.0.0.0" } });
});

test("a syntax error names the file, line and column, with a caret excerpt", () => {
    const file = tempFile("kettle.toml", '# comment\n[server]\nport = 80 80\nhost = "x"\n');
    assert.throws(
        () => readConfigFile(file),
        (error: unknown) => {
            assert.ok(error instanceof ConfigSyntaxError);
            assert.ok(error instanceof ConfigError);
            assert.equal(error.line, 3);
            assert.equal(error.column, 11);
            assert.equal(
                error.message,
                `${file}:3:11: Invalid TOML document: each key-value declaration must be followed by ` +
                    "an end-of-line\n" +
                    "2:  [server]\n" +
                    "3:  port = 80 80\n" +
                    "              ^\n" +
                    '4:  host = "x"'
            );
            assert.deepEqual(error.diagnostics.errors, [error.message]);
            return true;
        }
    );
});

test("an unterminated string points at the end of line 1", () => {
    const file = tempFile("bad.toml", 'title = "abc\n');
    assert.throws(() => readConfigFile(file), {
        name: "ConfigSyntaxError",
        line: 1,
        column: 13,
        message:
            `${file}:1:13: Invalid TOML document: control characters are not allowed in strings\n` +
            '1:  title = "abc\n' +
            "                ^"
    });
});

test("a missing optional file is simply no file", () => {
    assert.equal(readConfigFile("/nonexistent/kettle.toml", { required: false }), undefined);
});

test("a missing required file is an error naming the path and who asked for it", () => {
    assert.throws(
        () => readConfigFile("/nonexistent/prod.toml", { requestedBy: "KETTLE_CONFIG" }),
        (error: unknown) => {
            assert.ok(error instanceof ConfigFileError);
            assert.equal(error.message, 'KETTLE_CONFIG: could not read config file "/nonexistent/prod.toml": file not found');
            return true;
        }
    );
});

test("a directory is not a config file even when optional", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kettle-read-"));
    assert.throws(() => readConfigFile(dir, { required: false, requestedBy: "kettle.toml" }), {
        name: "ConfigFileError",
        message: `kettle.toml: could not read config file "${dir}": it is a directory`
    });
});
