import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registryCredentials } from "./registryCredentials.js";

function dockerConfig(value: unknown): string {
    const dir = mkdtempSync(join(tmpdir(), "kettle-docker-"));
    writeFileSync(join(dir, "config.json"), typeof value === "string" ? value : JSON.stringify(value));
    return dir;
}

test("a docker login is found by host, whatever form its key has", () => {
    const dir = dockerConfig({
        auths: {
            "https://127.0.0.1:5000": { auth: Buffer.from("alice:s3cret:with:colons").toString("base64") },
            "ghcr.io": { username: "bob", password: "pw" }
        }
    });
    assert.deepEqual(registryCredentials("127.0.0.1:5000", dir), { username: "alice", password: "s3cret:with:colons" });
    assert.deepEqual(registryCredentials("GHCR.io", dir), { username: "bob", password: "pw" });
    assert.equal(registryCredentials("127.0.0.1:5001", dir), undefined);
});

test("no file, a broken file or a helper-only login: anonymous", () => {
    assert.equal(registryCredentials("a", join(tmpdir(), "kettle-no-such-dir")), undefined);
    assert.equal(registryCredentials("a", dockerConfig("{not json")), undefined);
    assert.equal(registryCredentials("a", dockerConfig({ auths: { a: {} }, credsStore: "desktop" })), undefined);
});
