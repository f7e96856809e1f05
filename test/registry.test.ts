/**
 * Pull and push against a real registry (Debian's docker-registry, distribution 2.8) on loopback,
 * through a proxy that can hold, drop or corrupt its answers: push the fixture models, remove them,
 * pull them back byte for byte; interrupt pulls every way a pull gets interrupted and check they
 * resume without fetching finished parts again; corrupt a blob; authenticate with bearer tokens.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ollama } from "ollama";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { kettleBin, readNdjson, startKettle, type Kettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";
import { startRegistry, type Registry } from "../testing/registry/startRegistry.js";
import { startFaultProxy, type FaultProxy } from "../testing/registry/startFaultProxy.js";
import { startTokenServer, type TokenServer } from "../testing/registry/startTokenServer.js";
import { startFileServer, type FileServer } from "../testing/registry/startFileServer.js";

/** Small parts, so a 1.2 MB test model is cut into 19 of them, as a real model is into 16. */
const partSize = 65536;
const registryConfig = `[registry]\npart_size_min = ${partSize}\npart_size_max = ${partSize}\nretries = 2\n`;

type Progress = { status?: string; digest?: string; total?: number; completed?: number; error?: string };

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const modelBytes = readFileSync(testModels.plain);
const modelDigest = `sha256:${sha256(modelBytes)}`;
/** The part the tests hold back: its range starts here. */
const heldPart = 3;
const heldRange = `bytes=${heldPart * partSize}-${(heldPart + 1) * partSize - 1}`;
const isModelBlob = (request: { method: string; path: string }) =>
    request.method === "GET" && request.path.endsWith(`/blobs/${modelDigest}`);

function storeBlobs(kettle: Kettle): string[] {
    const dir = join(kettle.store, "blobs");
    return existsSync(dir) ? readdirSync(dir).sort() : [];
}

function manifestPath(kettle: Kettle, host: string, repository: string, tag = "latest"): string {
    return join(kettle.store, "manifests", host, ...repository.split("/"), tag);
}

async function pull(kettle: Kettle, model: string, signal?: AbortSignal): Promise<Response> {
    return fetch(`${kettle.url}/api/pull`, {
        method: "POST",
        body: JSON.stringify({ model, insecure: true }),
        ...(signal ? { signal } : {})
    });
}

async function remove(kettle: Kettle, model: string): Promise<void> {
    const response = await fetch(`${kettle.url}/api/delete`, { method: "DELETE", body: JSON.stringify({ model }) });
    assert.equal(response.status, 200, await response.text());
}

/** A deferred: the proxy holds a response until the test releases it. */
function gate(): { promise: Promise<void>; release(): void } {
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    return { promise, release };
}

/** A pull's progress lines, read as they come: up to a line the test waits for, then the rest. */
function progressOf(response: Response): { until(wanted: (line: Progress) => boolean): Promise<Progress[]>; rest(): Promise<Progress[]> } {
    async function* lines(): AsyncGenerator<Progress> {
        const decoder = new TextDecoder();
        let buffer = "";
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
            buffer += decoder.decode(chunk, { stream: true });
            let newline: number;
            while ((newline = buffer.indexOf("\n")) >= 0) {
                yield JSON.parse(buffer.slice(0, newline)) as Progress;
                buffer = buffer.slice(newline + 1);
            }
        }
    }
    const iterator = lines();
    return {
        async until(wanted) {
            const seen: Progress[] = [];
            for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
                seen.push(next.value);
                if (next.value.error) throw new Error(next.value.error);
                if (wanted(next.value)) return seen;
            }
            throw new Error(`the stream ended before the awaited line: ${JSON.stringify(seen.at(-1))}`);
        },
        async rest() {
            const seen: Progress[] = [];
            for (let next = await iterator.next(); !next.done; next = await iterator.next()) seen.push(next.value);
            return seen;
        }
    };
}

/** Every part but the held one is in: the progress of the model layer says so. */
const allButHeld = (line: Progress) => line.digest === modelDigest && line.completed === modelBytes.length - partSize;

/** How many parts of the model's partial download the server has recorded complete (Ollama's part-state files). */
function partsSaved(store: string): number {
    let complete = 0;
    for (let n = 0; ; n++) {
        const path = join(store, "blobs", `sha256-${modelDigest.slice(7)}-partial-${n}`);
        if (!existsSync(path)) return complete;
        try {
            const state = JSON.parse(readFileSync(path, "utf8")) as { Size: number; Completed: number };
            if (state.Completed === state.Size) complete++;
        } catch {
            // being replaced right now: count it next time
        }
    }
}

async function waitFor(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}

describe("pull and push with a real registry", () => {
    let registry: Registry;
    let proxy: FaultProxy;
    let kettle: Kettle;
    let ollama: Ollama;
    let model: string;
    let repository: string;

    before(async () => {
        registry = await startRegistry();
        proxy = await startFaultProxy(registry.url);
        kettle = await startKettle({ config: registryConfig });
        ollama = new Ollama({ host: kettle.url });
        repository = "kettle/story";
        model = `${proxy.host}/${repository}`;
        await kettle.createModel(model, testModels.plain, { system: "You tell stories.", parameters: { temperature: 0.5 } });
    });

    after(async () => {
        if (kettle && kettle.process.exitCode !== null) process.stderr.write(`kettle exited:\n${kettle.logs()}\n`);
        await kettle?.stop();
        await proxy?.stop();
        await registry?.stop();
    });

    test("push, remove, pull back: byte-identical manifest and blobs, with Ollama's statuses, through ollama-js", async () => {
        const manifestFile = manifestPath(kettle, proxy.host, repository);
        const manifest = readFileSync(manifestFile);
        const blobs = Object.fromEntries(storeBlobs(kettle).map((name) => [name, readFileSync(join(kettle.store, "blobs", name))]));
        const layerCount = (JSON.parse(manifest.toString()) as { layers: unknown[] }).layers.length + 1;

        const pushed: Progress[] = [];
        for await (const line of await ollama.push({ model, insecure: true, stream: true })) pushed.push(line);
        const pushStatuses = [...new Set(pushed.map((line) => line.status))];
        assert.equal(pushStatuses[0], "retrieving manifest");
        assert.deepEqual(pushStatuses.slice(-2), ["pushing manifest", "success"]);
        assert.equal(pushStatuses.filter((status) => /^pushing [0-9a-f]{12}$/.test(status!)).length, layerCount);
        const modelLayer = pushed.filter((line) => line.digest === modelDigest);
        assert.equal(modelLayer.at(-1)!.completed, modelBytes.length);
        assert.equal(modelLayer.at(-1)!.total, modelBytes.length);
        assert.ok(
            proxy.requests.filter((request) => request.method === "PATCH").length >= Math.ceil(modelBytes.length / partSize),
            "the model blob went up in chunks"
        );

        // The registry holds exactly our manifest.
        const remote = await fetch(`${registry.url}/v2/${repository}/manifests/latest`, {
            headers: { Accept: "application/vnd.docker.distribution.manifest.v2+json" }
        });
        assert.equal(remote.status, 200);
        assert.deepEqual(Buffer.from(await remote.arrayBuffer()), manifest);

        await remove(kettle, model);
        assert.deepEqual(storeBlobs(kettle), []);

        const pulled: Progress[] = [];
        for await (const line of await ollama.pull({ model, insecure: true, stream: true })) pulled.push(line);
        const statuses = [...new Set(pulled.map((line) => line.status))];
        assert.equal(statuses[0], "pulling manifest");
        assert.deepEqual(statuses.slice(-3), ["verifying sha256 digest", "writing manifest", "success"]);
        const layers = pulled.filter((line) => line.status?.startsWith("pulling ") && line.digest);
        assert.ok(layers.every((line) => line.status === `pulling ${line.digest!.slice(7, 19)}` && line.total !== undefined));
        assert.equal(new Set(layers.map((line) => line.digest)).size, layerCount);
        assert.equal(layers.filter((line) => line.digest === modelDigest).at(-1)!.completed, modelBytes.length);

        assert.deepEqual(readFileSync(manifestFile), manifest, "the manifest is byte-identical");
        assert.deepEqual(storeBlobs(kettle), Object.keys(blobs).sort());
        for (const [name, bytes] of Object.entries(blobs)) assert.deepEqual(readFileSync(join(kettle.store, "blobs", name)), bytes, name);

        const listed = await ollama.list();
        assert.ok(listed.models.some((entry) => entry.name === `${model}:latest`));
        const answer = (await ollama.generate({
            model,
            prompt: "Once upon a time",
            stream: false,
            options: { num_predict: 4, temperature: 0 }
        })) as { response: string };
        assert.ok(answer.response.length > 0, "the pulled model runs");

        // Pulling again finds everything present: each layer reported complete at once, nothing downloaded.
        proxy.requests.length = 0;
        const again = await readNdjson(await pull(kettle, model));
        assert.equal(again.at(-1)!.status, "success");
        assert.equal(proxy.requests.filter((request) => request.path.includes("/blobs/")).length, 0);
    });

    test("a model made FROM another on the same registry mounts the shared layers instead of uploading them", async () => {
        const derived = `${proxy.host}/kettle/story-brief`;
        const created = await fetch(`${kettle.url}/api/create`, {
            method: "POST",
            body: JSON.stringify({ model: derived, from: model, system: "Be brief.", stream: false })
        });
        assert.equal(created.status, 200, await created.text());
        proxy.requests.length = 0;
        const lines = await readNdjson(
            await fetch(`${kettle.url}/api/push`, { method: "POST", body: JSON.stringify({ model: derived, insecure: true }) })
        );
        assert.equal(lines.at(-1)!.status, "success", JSON.stringify(lines.at(-1)));
        const mount = proxy.requests.find(
            (request) => request.method === "POST" && request.path.includes(`mount=${encodeURIComponent(modelDigest)}`)
        );
        assert.ok(mount, "the model layer was mounted");
        assert.equal(mount.status, 201);
        assert.ok(mount.path.includes(`from=${encodeURIComponent(repository)}`));
        // Uploaded: the layers it did not inherit (its system prompt) and its config; every inherited layer was mounted.
        const manifest = JSON.parse(readFileSync(manifestPath(kettle, proxy.host, "kettle/story-brief"), "utf8")) as {
            layers: { digest: string; from?: string }[];
        };
        const inherited = manifest.layers.filter((layer) => layer.from !== undefined);
        assert.ok(inherited.some((layer) => layer.digest === modelDigest));
        const mounts = proxy.requests.filter((request) => request.method === "POST" && request.path.includes("mount="));
        assert.equal(mounts.length, inherited.length);
        assert.equal(proxy.requests.filter((request) => request.method === "PATCH").length, manifest.layers.length - inherited.length + 1);
        const remote = await fetch(`${registry.url}/v2/kettle/story-brief/blobs/${modelDigest}`, { method: "HEAD" });
        assert.equal(remote.status, 200);
        await remove(kettle, derived); // so the next tests' pulls of the model download its blob again
    });

    test("a client that goes away mid-blob: the next pull resumes, fetching only the unfinished part, and no manifest was written before", async () => {
        await remove(kettle, model);
        const held = gate();
        let holding = true;
        proxy.faults.hold = (request) => (holding && isModelBlob(request) && request.range === heldRange ? held.promise : undefined);
        proxy.requests.length = 0;
        const controller = new AbortController();
        const response = await pull(kettle, model, controller.signal);
        await progressOf(response).until(allButHeld);
        controller.abort();
        await waitFor(() => proxy.requests.some((request) => request.range === heldRange), "the held request to end");
        holding = false;
        held.release();

        const blobs = storeBlobs(kettle);
        assert.ok(blobs.includes(`sha256-${modelDigest.slice(7)}-partial`), blobs.join(", "));
        assert.ok(blobs.includes(`sha256-${modelDigest.slice(7)}-partial-${heldPart}`));
        assert.ok(!blobs.includes(`sha256-${modelDigest.slice(7)}`), "the unfinished blob is not a blob");
        assert.equal(existsSync(manifestPath(kettle, proxy.host, repository)), false, "no manifest points at missing blobs");

        proxy.requests.length = 0;
        const lines = await readNdjson(await pull(kettle, model));
        assert.equal(lines.at(-1)!.status, "success", JSON.stringify(lines.at(-1)));
        const firstModelLine = lines.find((line) => line.digest === modelDigest)!;
        assert.equal(firstModelLine.completed, modelBytes.length - partSize, "progress starts from what was kept");
        const fetched = proxy.requests.filter(isModelBlob).map((request) => request.range);
        assert.deepEqual(fetched, [heldRange], "only the unfinished part was fetched again");
        assert.deepEqual(readFileSync(join(kettle.store, "blobs", `sha256-${modelDigest.slice(7)}`)), modelBytes);
        assert.ok(!storeBlobs(kettle).some((name) => name.includes("-partial")), "the part state is cleaned up");
    });

    test("a connection dropped mid-part: the part is retried from where it broke", async () => {
        await remove(kettle, model);
        let dropped = false;
        proxy.faults.hold = undefined;
        proxy.faults.dropAfter = (request) => {
            if (dropped || !isModelBlob(request) || request.range !== heldRange) return undefined;
            dropped = true;
            return 1000;
        };
        proxy.requests.length = 0;
        const lines = await readNdjson(await pull(kettle, model));
        proxy.faults.dropAfter = undefined;
        assert.equal(lines.at(-1)!.status, "success", JSON.stringify(lines.at(-1)));
        const part = proxy.requests.filter(isModelBlob).filter((request) => request.range?.endsWith(`-${(heldPart + 1) * partSize - 1}`));
        assert.equal(part.length, 2, JSON.stringify(part));
        assert.ok(part[0]!.dropped);
        const resumedAt = Number(/bytes=(\d+)-/.exec(part[1]!.range!)![1]);
        assert.ok(resumedAt > heldPart * partSize, `the retry starts past the bytes already written (${part[1]!.range})`);
        assert.deepEqual(readFileSync(join(kettle.store, "blobs", `sha256-${modelDigest.slice(7)}`)), modelBytes);
    });

    test("two pulls of the same model at once share one download", async () => {
        await remove(kettle, model);
        const held = gate();
        proxy.faults.hold = (request) => (isModelBlob(request) && request.range === heldRange ? held.promise : undefined);
        proxy.requests.length = 0;
        const first = progressOf(await pull(kettle, model));
        const firstLines = await first.until(allButHeld);
        const second = progressOf(await pull(kettle, model));
        const secondLines = await second.until(allButHeld);
        held.release();
        proxy.faults.hold = undefined;
        const [restFirst, restSecond] = await Promise.all([first.rest(), second.rest()]);
        assert.equal(restFirst.at(-1)!.status, "success");
        assert.equal(restSecond.at(-1)!.status, "success");
        assert.ok(firstLines.length > 0 && secondLines.length > 0);
        const ranges = proxy.requests.filter(isModelBlob).map((request) => request.range);
        assert.equal(ranges.length, Math.ceil(modelBytes.length / partSize), "each part was fetched once");
        assert.equal(new Set(ranges).size, ranges.length);
    });

    test("a tampered blob is rejected and removed; the next clean pull succeeds", async () => {
        await remove(kettle, model);
        proxy.faults.tamper = (request) => isModelBlob(request) && request.range === heldRange;
        const lines = (await readNdjson(await pull(kettle, model))) as Progress[];
        proxy.faults.tamper = undefined;
        assert.equal(lines.at(-1)!.error?.startsWith("digest mismatch, file must be downloaded again"), true, JSON.stringify(lines.at(-1)));
        assert.ok(lines.some((line) => line.status === "verifying sha256 digest"));
        assert.ok(!lines.some((line) => line.status === "writing manifest"));
        assert.ok(!storeBlobs(kettle).some((name) => name.startsWith(`sha256-${modelDigest.slice(7)}`)), storeBlobs(kettle).join(", "));
        assert.equal(existsSync(manifestPath(kettle, proxy.host, repository)), false);

        const clean = await readNdjson(await pull(kettle, model));
        assert.equal(clean.at(-1)!.status, "success");
        assert.deepEqual(readFileSync(join(kettle.store, "blobs", `sha256-${modelDigest.slice(7)}`)), modelBytes);
    });

    test("kettle pull and kettle run: plain progress lines off a terminal, Ctrl-C exits 130 and the next pull resumes", async () => {
        const cli = (args: string[]) =>
            spawn(process.execPath, [kettleBin, ...args], { env: kettle.env, stdio: ["ignore", "pipe", "pipe"] });
        const finished = async (child: ChildProcess) => {
            let output = "";
            child.stdout!.on("data", (data: Buffer) => (output += data.toString()));
            child.stderr!.on("data", (data: Buffer) => (output += data.toString()));
            const [code] = (await once(child, "exit")) as [number];
            return { code, output };
        };
        await remove(kettle, model);
        const held = gate();
        proxy.faults.hold = (request) => (isModelBlob(request) && request.range === heldRange ? held.promise : undefined);
        proxy.requests.length = 0;
        const interrupted = cli(["pull", model, "--insecure"]);
        const result = finished(interrupted);
        await waitFor(() => storeBlobs(kettle).includes(`sha256-${modelDigest.slice(7)}-partial-${heldPart}`), "the download to start");
        await waitFor(
            () => partsSaved(kettle.store) === Math.ceil(modelBytes.length / partSize) - 1,
            "every part but the held one saved complete"
        );
        interrupted.kill("SIGINT");
        const stopped = await result;
        held.release();
        proxy.faults.hold = undefined;
        assert.equal(stopped.code, 130, stopped.output);
        assert.match(stopped.output, /interrupted: pull again to resume/);

        const pulled = await finished(cli(["pull", model, "--insecure"]));
        assert.equal(pulled.code, 0, pulled.output);
        const lines = pulled.output.trim().split("\n");
        assert.equal(lines[0], "pulling manifest");
        assert.ok(lines.includes(`pulling ${modelDigest.slice(7, 19)}: 94% of 1.2 MB`), pulled.output);
        assert.ok(lines.includes(`pulling ${modelDigest.slice(7, 19)}: 100% 1.2 MB`), pulled.output);
        assert.deepEqual(lines.slice(-3), ["verifying sha256 digest", "writing manifest", "success"]);
        assert.ok(!/\u001b\[/.test(pulled.output), "no terminal escapes off a terminal");

        await remove(kettle, model);
        const ran = await finished(cli(["run", model, "Once upon a time", "--insecure", "--num-predict", "4"]));
        assert.equal(ran.code, 0, ran.output);
        assert.match(ran.output, /pulling manifest[\s\S]*success/);
        assert.ok(existsSync(manifestPath(kettle, proxy.host, repository)), "run pulled the missing model");
    });

    test("pulling a tag that moved replaces the model and removes the layers only the old one used", async () => {
        const tagged = `${proxy.host}/kettle/moving:v1`;
        const systemOf = (manifest: { layers: { mediaType: string; digest: string }[] }) =>
            manifest.layers.find((layer) => layer.mediaType === "application/vnd.ollama.image.system")!.digest;
        await kettle.createModel(tagged, testModels.plain, { system: "The old prompt." });
        const push = (server: Kettle) =>
            fetch(`${server.url}/api/push`, { method: "POST", body: JSON.stringify({ model: tagged, insecure: true, stream: false }) });
        assert.equal((await push(kettle)).status, 200);
        const oldSystem = systemOf(JSON.parse(readFileSync(manifestPath(kettle, proxy.host, "kettle/moving", "v1"), "utf8")));

        // Another machine pushes a new version under the same tag.
        const other = await startKettle({ config: registryConfig });
        try {
            await other.createModel(tagged, testModels.plain, { system: "The new prompt." });
            assert.equal((await push(other)).status, 200);
        } finally {
            await other.stop();
        }

        const lines = await readNdjson(await pull(kettle, tagged));
        const statuses = lines.map((line) => line.status);
        assert.deepEqual(statuses.slice(-3), ["writing manifest", "removing unused layers", "success"]);
        const newSystem = systemOf(JSON.parse(readFileSync(manifestPath(kettle, proxy.host, "kettle/moving", "v1"), "utf8")));
        assert.notEqual(newSystem, oldSystem);
        const blobs = storeBlobs(kettle);
        assert.ok(blobs.includes(newSystem.replace(":", "-")));
        assert.ok(!blobs.includes(oldSystem.replace(":", "-")), "the old prompt's layer is gone");
        assert.ok(blobs.includes(`sha256-${modelDigest.slice(7)}`), "the weights both versions share stay");
        const shown = (await (
            await fetch(`${kettle.url}/api/show`, { method: "POST", body: JSON.stringify({ model: tagged }) })
        ).json()) as {
            system: string;
        };
        assert.equal(shown.system, "The new prompt.");
    });

    test("kettle pull with no server running downloads in process; Ctrl-C saves every part's state first", async () => {
        const dir = mkdtempSync(join(tmpdir(), "kettle-local-pull-"));
        const store = join(dir, "models");
        writeFileSync(join(dir, "kettle.toml"), registryConfig);
        // A port nothing listens on: the CLI works on the store itself.
        const env = { PATH: process.env.PATH ?? "", HOME: dir, KETTLE_MODELS: store, KETTLE_HOST: "127.0.0.1:9" };
        const cli = () => spawn(process.execPath, [kettleBin, "--config", join(dir, "kettle.toml"), "pull", model, "--insecure"], { env });
        const held = gate();
        proxy.faults.hold = (request) => (isModelBlob(request) && request.range === heldRange ? held.promise : undefined);
        const interrupted = cli();
        let output = "";
        interrupted.stderr.on("data", (data: Buffer) => (output += data.toString()));
        try {
            await waitFor(() => partsSaved(store) === Math.ceil(modelBytes.length / partSize) - 1, "every part but the held one saved");
            interrupted.kill("SIGINT");
            const [code] = (await once(interrupted, "exit")) as [number];
            assert.equal(code, 130, output);
        } finally {
            held.release();
            proxy.faults.hold = undefined;
        }
        proxy.requests.length = 0;
        const resumed = cli();
        let resumedOutput = "";
        resumed.stderr.on("data", (data: Buffer) => (resumedOutput += data.toString()));
        const [code] = (await once(resumed, "exit")) as [number];
        assert.equal(code, 0, resumedOutput);
        assert.deepEqual(
            proxy.requests.filter(isModelBlob).map((request) => request.range),
            [heldRange]
        );
        assert.deepEqual(readFileSync(join(store, "blobs", `sha256-${modelDigest.slice(7)}`)), modelBytes);
    });

    test("a server killed mid-pull resumes after its restart", async () => {
        const store = mkdtempSync(join(tmpdir(), "kettle-restart-"));
        const env = { KETTLE_MODELS: store };
        const first = await startKettle({ config: registryConfig, env });
        const held = gate();
        proxy.faults.hold = (request) => (isModelBlob(request) && request.range === heldRange ? held.promise : undefined);
        try {
            await progressOf(await pull(first, model)).until(allButHeld);
            await waitFor(() => partsSaved(store) === Math.ceil(modelBytes.length / partSize) - 1, "the finished parts' state on disk");
            first.process.kill("SIGKILL");
            await new Promise((resolve) => first.process.once("exit", resolve));
        } finally {
            held.release();
            proxy.faults.hold = undefined;
        }
        const second = await startKettle({ config: registryConfig, env });
        try {
            proxy.requests.length = 0;
            const lines = await readNdjson(await pull(second, model));
            assert.equal(lines.at(-1)!.status, "success", JSON.stringify(lines.at(-1)));
            assert.deepEqual(
                proxy.requests.filter(isModelBlob).map((request) => request.range),
                [heldRange]
            );
            assert.deepEqual(readFileSync(join(store, "blobs", `sha256-${modelDigest.slice(7)}`)), modelBytes);
        } finally {
            await second.stop();
        }
    });
});

describe("a registry behind bearer-token authentication", () => {
    let tokens: TokenServer;
    let registry: Registry;
    let kettle: Kettle;

    before(async () => {
        tokens = await startTokenServer({ users: { alice: "s3cret" } });
        registry = await startRegistry({ tokenAuth: tokens });
        kettle = await startKettle({ config: registryConfig });
    });

    after(async () => {
        await kettle?.stop();
        await registry?.stop();
        await tokens?.stop();
    });

    test("push needs the docker login; pull works anonymously; the token's scopes are the challenge's", async () => {
        const model = `${registry.host}/team/story`;
        await kettle.createModel(model, testModels.plain);
        const push = () =>
            fetch(`${kettle.url}/api/push`, { method: "POST", body: JSON.stringify({ model, insecure: true, stream: false }) });

        const refused = await push();
        assert.equal(refused.status, 502);
        assert.match(((await refused.json()) as { error: string }).error, /answered 401/);
        assert.ok(
            tokens.requests.every((request) => request.user === undefined && !request.granted.some((scope) => scope.includes("push")))
        );

        // `docker login` writes this; Kettle reads it per request.
        mkdirSync(join(kettle.dir, ".docker"), { recursive: true });
        writeFileSync(
            join(kettle.dir, ".docker", "config.json"),
            JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from("alice:s3cret").toString("base64") } } })
        );
        tokens.requests.length = 0;
        const accepted = await push();
        // The registry asks for pull and push in either order (a Go map).
        assert.equal(accepted.status, 200, await accepted.clone().text());
        assert.deepEqual(await accepted.json(), { status: "success" });
        assert.ok(
            tokens.requests.some(
                (request) =>
                    request.user === "alice" &&
                    request.granted.some((scope) => /^repository:team\/story:(pull,push|push,pull)$/.test(scope))
            )
        );

        await remove(kettle, model);
        writeFileSync(join(kettle.dir, ".docker", "config.json"), "{}");
        tokens.requests.length = 0;
        const lines = await readNdjson(await pull(kettle, model));
        assert.equal(lines.at(-1)!.status, "success", JSON.stringify(lines.at(-1)));
        assert.ok(tokens.requests.length > 0 && tokens.requests.every((request) => request.user === undefined));
        assert.deepEqual(readFileSync(join(kettle.store, "blobs", `sha256-${modelDigest.slice(7)}`)), modelBytes);
    });
});

describe("a GGUF pulled by URL", () => {
    let files: FileServer;
    let kettle: Kettle;
    let dir: string;

    before(async () => {
        dir = mkdtempSync(join(tmpdir(), "kettle-files-"));
        copyFileSync(testModels.plain, join(dir, "tiny-story.gguf"));
        writeFileSync(join(dir, "notes.gguf"), "these are not the weights you are looking for\n".repeat(100));
        files = await startFileServer(dir);
        kettle = await startKettle({ config: registryConfig });
    });

    after(async () => {
        await kettle?.stop();
        await files?.stop();
    });

    test("downloads in ranged parts, resumes a dropped part, verifies, and creates a model named after the file", async () => {
        let dropped = false;
        files.faults.dropAfter = (request) => {
            if (dropped || request.range !== heldRange) return undefined;
            dropped = true;
            return 500;
        };
        const lines = (await readNdjson(await pull(kettle, `${files.url}/tiny-story.gguf`))) as Progress[];
        files.faults.dropAfter = undefined;
        const statuses = [...new Set(lines.map((line) => line.status ?? line.error))];
        assert.deepEqual(statuses.slice(0, 3), ["pulling tiny-story.gguf", "verifying sha256 digest", "parsing GGUF"]);
        assert.equal(statuses.at(-1), "success");
        assert.equal(lines[0]!.total, modelBytes.length);
        assert.ok(dropped);
        const gets = files.requests.filter((request) => request.method === "GET");
        assert.ok(gets.length > Math.ceil(modelBytes.length / partSize), "ranged parts, plus the retried one");
        const retried = gets.filter((request) => request.range?.endsWith(`-${(heldPart + 1) * partSize - 1}`));
        assert.equal(retried.length, 2);
        assert.ok(
            Number(/bytes=(\d+)-/.exec(retried[1]!.range!)![1]) > heldPart * partSize,
            "the dropped part resumed past the bytes it had"
        );
        const tags = (await (await fetch(`${kettle.url}/api/tags`)).json()) as { models: { name: string; digest: string }[] };
        assert.ok(tags.models.some((entry) => entry.name === "tiny-story:latest"));
        assert.deepEqual(readFileSync(join(kettle.store, "blobs", `sha256-${modelDigest.slice(7)}`)), modelBytes);
    });

    test("a pinned digest that does not match fails and keeps nothing; a file that is not a GGUF creates nothing", async () => {
        const before = storeBlobs(kettle);
        const pinned = (await readNdjson(await pull(kettle, `${files.url}/tiny-story.gguf#sha256=${"0".repeat(64)}`))) as Progress[];
        assert.match(pinned.at(-1)!.error!, /^digest mismatch, file must be downloaded again/);
        assert.deepEqual(storeBlobs(kettle), before);

        const notGguf = await fetch(`${kettle.url}/api/pull`, {
            method: "POST",
            body: JSON.stringify({ model: `${files.url}/notes.gguf`, stream: false })
        });
        assert.equal(notGguf.status, 400);
        assert.match(((await notGguf.json()) as { error: string }).error, /GGUF/);
        assert.deepEqual(storeBlobs(kettle), before, "the downloaded file is removed");
        const tags = (await (await fetch(`${kettle.url}/api/tags`)).json()) as { models: { name: string }[] };
        assert.ok(!tags.models.some((entry) => entry.name.startsWith("notes")));

        const missing = await fetch(`${kettle.url}/api/pull`, {
            method: "POST",
            body: JSON.stringify({ model: `${files.url}/nope.gguf`, stream: false })
        });
        assert.equal(missing.status, 502);
        assert.match(((await missing.json()) as { error: string }).error, /404/);
    });

    test("a Modelfile's FROM https://… (kettle create, then /api/create) downloads the file, named by the create", async () => {
        const modelfileDir = mkdtempSync(join(tmpdir(), "kettle-modelfile-"));
        writeFileSync(join(modelfileDir, "Modelfile"), `FROM ${files.url}/tiny-story.gguf\nSYSTEM Tiny stories.\n`);
        // Not spawnSync: the file server the download needs runs in this process.
        const child = spawn(process.execPath, [kettleBin, "create", "from-modelfile"], { cwd: modelfileDir, env: kettle.env });
        let stderr = "";
        child.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
        const [code] = (await once(child, "exit")) as [number];
        assert.equal(code, 0, stderr);
        assert.match(stderr, /pulling tiny-story\.gguf[\s\S]*parsing GGUF[\s\S]*success/);
        const fromModelfile = (await (
            await fetch(`${kettle.url}/api/show`, { method: "POST", body: JSON.stringify({ model: "from-modelfile" }) })
        ).json()) as { system: string };
        assert.equal(fromModelfile.system, "Tiny stories.");

        const response = await fetch(`${kettle.url}/api/create`, {
            method: "POST",
            body: JSON.stringify({ model: "from-url", from: `${files.url}/tiny-story.gguf`, system: "Short stories only.", stream: false })
        });
        assert.equal(response.status, 200, await response.clone().text());
        const shown = (await (
            await fetch(`${kettle.url}/api/show`, { method: "POST", body: JSON.stringify({ model: "from-url" }) })
        ).json()) as {
            system: string;
        };
        assert.equal(shown.system, "Short stories only.");
    });

    test("a server without range support still works, in one part", async () => {
        const plain = await startFileServer(dir, { ranges: false });
        try {
            const store = mkdtempSync(join(tmpdir(), "kettle-noranges-"));
            const other = await startKettle({ config: registryConfig, env: { KETTLE_MODELS: store } });
            try {
                const lines = await readNdjson(await pull(other, `${plain.url}/tiny-story.gguf`));
                assert.equal(lines.at(-1)!.status, "success", JSON.stringify(lines.at(-1)));
                const gets = plain.requests.filter((request) => request.method === "GET");
                assert.equal(gets.length, 1);
                assert.equal(gets[0]!.range, undefined);
            } finally {
                await other.stop();
            }
        } finally {
            await plain.stop();
        }
    });
});
