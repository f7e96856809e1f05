/**
 * A registry that lies: manifests with path-traversal digests (Ollama's CVE-2024-37032), blobs
 * longer than announced, garbage manifests. The real registry refuses to store such things, so
 * this one is a small HTTP server written here; Kettle is the real server, spoken to over HTTP.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../cli/freePort.js";
import { startKettle, type Kettle } from "../testing/startKettle.js";

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

describe("pull from a registry that sends malicious or broken answers", () => {
    let kettle: Kettle;
    let server: Server;
    let host: string;
    const requests: string[] = [];
    const outside = join(tmpdir(), `kettle-pwned-${randomBytes(6).toString("hex")}`);
    const blob = Buffer.from("GGUF but not really, just some bytes");
    const config = { mediaType: "application/vnd.docker.container.image.v1+json", digest: `sha256:${sha256("{}")}`, size: 2 };
    const manifests: Record<string, string> = {
        traversal: JSON.stringify({
            schemaVersion: 2,
            mediaType: "application/vnd.docker.distribution.manifest.v2+json",
            config,
            layers: [{ mediaType: "application/vnd.ollama.image.model", digest: `sha256:../../../../../../../..${outside}`, size: 10 }]
        }),
        dashdigest: JSON.stringify({
            schemaVersion: 2,
            mediaType: "application/vnd.docker.distribution.manifest.v2+json",
            config: { ...config, digest: `sha256-${sha256("{}")}` },
            layers: []
        }),
        longer: JSON.stringify({
            schemaVersion: 2,
            mediaType: "application/vnd.docker.distribution.manifest.v2+json",
            config,
            layers: [{ mediaType: "application/vnd.ollama.image.model", digest: `sha256:${sha256(blob)}`, size: blob.length }]
        }),
        garbage: "<html>not a manifest</html>",
        index: JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [] })
    };

    before(async () => {
        const port = await freePort();
        host = `127.0.0.1:${port}`;
        server = createServer((request, response) => {
            requests.push(`${request.method} ${request.url}`);
            const manifest = /^\/v2\/evil\/([a-z]+)\/manifests\/latest$/.exec(request.url ?? "");
            if (manifest && manifests[manifest[1]!] !== undefined) {
                response.writeHead(200, { "Content-Type": "application/vnd.docker.distribution.manifest.v2+json" });
                return response.end(manifests[manifest[1]!]);
            }
            if (request.url?.endsWith(`/blobs/sha256:${sha256(blob)}`)) {
                // Twice the announced length: a registry must not be able to make us write past a blob's size.
                response.writeHead(200, { "Content-Length": String(blob.length * 2) });
                return response.end(Buffer.concat([blob, blob]));
            }
            if (request.url?.endsWith(`/blobs/${config.digest}`)) {
                response.writeHead(200, { "Content-Length": "2" });
                return response.end("{}");
            }
            response.writeHead(404, { "Content-Type": "application/json" });
            response.end(JSON.stringify({ errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] }));
        });
        await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
        kettle = await startKettle();
    });

    after(async () => {
        await kettle?.stop();
        await new Promise((resolve) => server?.close(resolve));
    });

    async function pull(model: string): Promise<{ status: number; body: { error?: string; status?: string } }> {
        const response = await fetch(`${kettle.url}/api/pull`, {
            method: "POST",
            body: JSON.stringify({ model, insecure: true, stream: false })
        });
        return { status: response.status, body: (await response.json()) as { error?: string } };
    }

    function storeFiles(): string[] {
        const found: string[] = [];
        const walk = (dir: string, prefix: string) => {
            if (!existsSync(dir)) return;
            for (const entry of readdirSync(dir, { withFileTypes: true })) {
                if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
                else found.push(`${prefix}${entry.name}`);
            }
        };
        walk(kettle.store, "");
        return found;
    }

    test("a traversal digest in a manifest is refused before anything is written or fetched", async () => {
        requests.length = 0;
        const { status, body } = await pull(`${host}/evil/traversal`);
        assert.equal(status, 502);
        assert.match(body.error!, /invalid manifest .*layers\[0\] has an invalid digest/);
        assert.deepEqual(requests, ["GET /v2/evil/traversal/manifests/latest"], "no blob was requested");
        assert.equal(existsSync(outside), false, "nothing was written outside the store");
        assert.equal(existsSync(`${outside}-partial`), false);
        assert.deepEqual(storeFiles(), []);
    });

    test("a digest in file-name form (sha256-…) is not a manifest digest", async () => {
        const { status, body } = await pull(`${host}/evil/dashdigest`);
        assert.equal(status, 502);
        assert.match(body.error!, /config has an invalid digest "sha256-/);
        assert.deepEqual(storeFiles(), []);
    });

    test("a blob longer than its manifest says is rejected, and neither it nor the manifest is kept", async () => {
        const response = await fetch(`${kettle.url}/api/pull`, {
            method: "POST",
            body: JSON.stringify({ model: `${host}/evil/longer`, insecure: true })
        });
        const lines = (await response.text())
            .trim()
            .split("\n")
            .map((line) => JSON.parse(line) as { status?: string; error?: string });
        assert.equal(lines[0]!.status, "pulling manifest");
        assert.match(lines.at(-1)!.error!, /sent more than the \d+ bytes announced/);
        assert.ok(!lines.some((line) => line.status === "writing manifest" || line.status === "success"));
        const files = storeFiles();
        assert.ok(!files.some((file) => file.startsWith("manifests/")), `no manifest: ${files.join(", ")}`);
        assert.ok(!files.includes(`blobs/sha256-${sha256(blob)}`), "the oversized blob is not a blob");
    });

    test("a manifest that is not JSON, or an image index, is a clear 502", async () => {
        const garbage = await pull(`${host}/evil/garbage`);
        assert.equal(garbage.status, 502);
        assert.match(garbage.body.error!, /manifest for .*evil\/garbage:latest that is not JSON/);
        const index = await pull(`${host}/evil/index`);
        assert.equal(index.status, 502);
        assert.match(index.body.error!, /multi-platform image index/);
    });

    test("a model the registry does not have: Ollama's message and a 404", async () => {
        const { status, body } = await pull(`${host}/evil/missing`);
        assert.equal(status, 404);
        assert.equal(body.error, "pull model manifest: file does not exist");
    });

    test("names that could leave the store are invalid before any request", async () => {
        requests.length = 0;
        for (const model of ["../../etc/passwd", `${host}/evil/..:latest`, `${host}/../x`]) {
            const { status, body } = await pull(model);
            assert.equal(status, 400, model);
            assert.match(body.error!, /invalid model name|model name/i, model);
        }
        assert.deepEqual(requests, []);
        const missing = await fetch(`${kettle.url}/api/pull`, { method: "POST", body: "{}" });
        assert.equal(missing.status, 400);
        assert.deepEqual(await missing.json(), { error: "model is required" });
    });
});
