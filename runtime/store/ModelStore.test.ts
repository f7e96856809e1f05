import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, existsSync, writeFileSync, utimesSync, chmodSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { ModelStore } from "./ModelStore.js";
import { requireModelName, displayShortest } from "./ModelName.js";
import { mediaTypes, type Manifest } from "./Manifest.js";
import { DigestMismatchError } from "../errors/DigestMismatchError.js";
import { InvalidDigestError } from "../errors/InvalidDigestError.js";
import { BlobNotFoundError } from "../errors/BlobNotFoundError.js";
import { ModelNotFoundError } from "../errors/ModelNotFoundError.js";
import { StoreError } from "../errors/StoreError.js";

const tempStore = () => new ModelStore(mkdtempSync(join(tmpdir(), "kettle-store-")));
const sha = (data: string) => `sha256:${createHash("sha256").update(data).digest("hex")}` as const;

async function writeModel(store: ModelStore, name: string, layers: Record<string, string>): Promise<Manifest> {
    const config = await store.writeBlobBytes(JSON.stringify({ model_format: "gguf", model_family: "llama" }));
    const manifest: Manifest = {
        schemaVersion: 2,
        mediaType: mediaTypes.manifest,
        config: { mediaType: mediaTypes.config, digest: config.digest, size: config.size },
        layers: []
    };
    for (const [mediaType, text] of Object.entries(layers)) {
        const blob = await store.writeBlobBytes(text);
        manifest.layers.push({ mediaType, digest: blob.digest, size: blob.size });
    }
    await store.writeManifest(requireModelName(name), manifest);
    return manifest;
}

test("reads a store laid out by hand exactly as Ollama writes it", async () => {
    const root = mkdtempSync(join(tmpdir(), "kettle-ollama-"));
    const weights = "GGUF-not-really";
    const config =
        '{"model_format":"gguf","model_family":"llama","model_families":["llama"],"model_type":"3.2B","file_type":"Q4_K_M","architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}';
    mkdirSync(join(root, "blobs"), { recursive: true });
    for (const content of [weights, config]) writeFileSync(join(root, "blobs", sha(content).replace(":", "-")), content);
    const manifest = `{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"${sha(config)}","size":${config.length}},"layers":[{"mediaType":"application/vnd.ollama.image.model","digest":"${sha(weights)}","size":${weights.length}}]}`;
    mkdirSync(join(root, "manifests/registry.ollama.ai/library/llama3.2"), { recursive: true });
    writeFileSync(join(root, "manifests/registry.ollama.ai/library/llama3.2/latest"), manifest);
    mkdirSync(join(root, "manifests/hf.co/bartowski/Qwen-GGUF"), { recursive: true });
    writeFileSync(join(root, "manifests/hf.co/bartowski/Qwen-GGUF/Q4_K_M"), manifest);

    const store = new ModelStore(root);
    const { models, problems } = await store.listManifests();
    assert.deepEqual(problems, []);
    assert.deepEqual(models.map((m) => displayShortest(m.name)).sort(), ["hf.co/bartowski/Qwen-GGUF:Q4_K_M", "llama3.2:latest"]);
    const found = await store.get(requireModelName("LLAMA3.2"));
    assert.equal(found.digest, sha(manifest), "the ID is the sha256 of the manifest bytes");
    assert.equal(displayShortest(found.name), "llama3.2:latest", "lookup ignores case but reports the name on disk");
    assert.equal((await store.readBlob(found.manifest.layers[0]!.digest)).toString(), weights);
});

test("identical content is stored once; delete keeps blobs another model uses", async () => {
    const store = tempStore();
    await writeModel(store, "a", { [mediaTypes.model]: "weights", [mediaTypes.system]: "be brief" });
    await writeModel(store, "b", { [mediaTypes.model]: "weights", [mediaTypes.system]: "be verbose" });
    assert.equal(readdirSync(store.blobsDir).length, 4, "config + shared weights + two system prompts");

    await store.delete(requireModelName("a"));
    assert.ok(await store.hasBlob(sha("weights")), "b still needs the weights");
    assert.ok(!(await store.hasBlob(sha("be brief"))), "a's own layer is gone");
    assert.equal(await store.find(requireModelName("a")), undefined);
    assert.ok(existsSync(join(store.manifestsDir, "registry.ollama.ai/library/b")));
    assert.ok(!existsSync(join(store.manifestsDir, "registry.ollama.ai/library/a")), "empty manifest folders are pruned");

    await store.delete(requireModelName("b"));
    assert.deepEqual(readdirSync(store.blobsDir), []);
    await assert.rejects(store.delete(requireModelName("b")), ModelNotFoundError);
});

test("a create with different case overwrites the existing model instead of duplicating it", async () => {
    const store = tempStore();
    await writeModel(store, "Mixed/Case:Tag", { [mediaTypes.system]: "one" });
    await writeModel(store, "mixed/case:tag", { [mediaTypes.system]: "two" });
    const { models } = await store.listManifests();
    assert.deepEqual(
        models.map((m) => displayShortest(m.name)),
        ["Mixed/Case:Tag"]
    );
});

test("copy writes the same manifest bytes, so both names have one ID", async () => {
    const store = tempStore();
    await writeModel(store, "src", { [mediaTypes.model]: "w" });
    await store.copy(requireModelName("src"), requireModelName("ns/dst:v2"));
    const [src, dst] = await Promise.all([store.get(requireModelName("src")), store.get(requireModelName("ns/dst:v2"))]);
    assert.equal(src.digest, dst.digest);
    await assert.rejects(store.copy(requireModelName("missing"), requireModelName("x")), ModelNotFoundError);
});

test("uploaded blobs are verified against their digest and never half-written", async () => {
    const store = tempStore();
    const good = await store.writeBlobStream(Readable.from([Buffer.from("hello "), Buffer.from("world")]), sha("hello world"));
    assert.deepEqual(good, { digest: sha("hello world"), size: 11, created: true });
    const again = await store.writeBlobStream(Readable.from([Buffer.from("hello world")]), sha("hello world"));
    assert.equal(again.created, false);

    await assert.rejects(store.writeBlobStream(Readable.from([Buffer.from("evil")]), sha("hello world")), DigestMismatchError);
    assert.deepEqual(readdirSync(store.blobsDir), [sha("hello world").replace(":", "-")], "the mismatched upload left nothing behind");
});

test("no digest can name a file outside the blobs folder", async () => {
    const store = tempStore();
    for (const digest of [
        "sha256:../../etc/passwd",
        "sha256-" + "a".repeat(63),
        "sha256:" + "A".repeat(64),
        "md5:abc",
        "sha256:" + "a".repeat(64) + "/x"
    ]) {
        assert.throws(() => store.blobPath(digest as `sha256:${string}`), InvalidDigestError, digest);
    }
});

test("writeManifest refuses a manifest whose blobs are missing", async () => {
    const store = tempStore();
    const manifest: Manifest = {
        schemaVersion: 2,
        mediaType: mediaTypes.manifest,
        config: { mediaType: mediaTypes.config, digest: sha("nope"), size: 4 },
        layers: []
    };
    await assert.rejects(store.writeManifest(requireModelName("m"), manifest), BlobNotFoundError);
    assert.equal(existsSync(store.manifestsDir), false);
});

test("a failing rename leaves the old manifest and no temp file", async () => {
    const store = tempStore();
    await writeModel(store, "m", { [mediaTypes.system]: "old" });
    const before = await store.get(requireModelName("m"));
    // Make the manifest's folder unwritable, so the temp file cannot be created or renamed in.
    const dir = join(store.manifestsDir, "registry.ollama.ai/library/m");
    chmodSync(dir, 0o555);
    try {
        if (process.getuid?.() === 0) {
            // root ignores permissions: put a directory where the temp file's rename must land instead
            const target = join(store.manifestsDir, "registry.ollama.ai/library/n/latest");
            mkdirSync(target, { recursive: true });
            await assert.rejects(writeModel(store, "n", { [mediaTypes.system]: "new" }), StoreError);
            assert.deepEqual(readdirSync(join(store.manifestsDir, "registry.ollama.ai/library/n")), ["latest"]);
        } else {
            await assert.rejects(writeModel(store, "m", { [mediaTypes.system]: "new" }), StoreError);
        }
    } finally {
        chmodSync(dir, 0o755);
    }
    const after = await store.get(requireModelName("m"));
    assert.equal(after.digest, before.digest);
    assert.deepEqual(readdirSync(dir), ["latest"], "no temp file left beside the manifest");
});

test("a writer killed mid-upload leaves a valid store, and prune removes its stale temp file", async () => {
    const store = tempStore();
    await writeModel(store, "keep", { [mediaTypes.model]: "weights" });
    const storeModule = new URL("./ModelStore.js", import.meta.url).href;
    const child = spawn(
        process.execPath,
        [
            "--input-type=module",
            "-e",
            `
        import { ModelStore } from ${JSON.stringify(storeModule)};
        const store = new ModelStore(${JSON.stringify(store.root)});
        async function* slow() { for (;;) { yield Buffer.alloc(65536, 1); process.stdout.write("."); await new Promise((r) => setTimeout(r, 20)); } }
        await store.writeBlobStream(slow());
    `
        ],
        { stdio: ["ignore", "pipe", "inherit"] }
    );
    await new Promise<void>((resolve) => child.stdout.once("data", () => setTimeout(resolve, 100)));
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));

    const leftovers = readdirSync(store.blobsDir).filter((f) => f.endsWith(".tmp"));
    assert.equal(leftovers.length, 1, "the killed write left only a temp file");
    const { models, problems } = await store.listManifests();
    assert.deepEqual(problems, []);
    assert.equal(models.length, 1);

    assert.deepEqual((await store.prune()).removed, [], "a fresh temp file may belong to a live write");
    const removed = (await store.prune({ now: Date.now() + 2 * 3600_000 })).removed;
    assert.deepEqual(removed, leftovers);
    assert.ok(await store.hasBlob(sha("weights")));
});

test("prune removes unreferenced blobs (after the grace period) and skips when a manifest is corrupt", async () => {
    const store = tempStore();
    await writeModel(store, "m", { [mediaTypes.model]: "kept" });
    const orphan = await store.writeBlobBytes("orphan");
    assert.deepEqual((await store.prune({ graceMs: 60_000 })).removed, [], "too recent to prune");
    const old = new Date(Date.now() - 3600_000);
    utimesSync(store.blobPath(orphan.digest), old, old);
    assert.deepEqual((await store.prune({ graceMs: 60_000 })).removed, [orphan.digest.replace(":", "-")]);
    assert.ok(await store.hasBlob(sha("kept")));

    const another = await store.writeBlobBytes("another orphan");
    mkdirSync(join(store.manifestsDir, "registry.ollama.ai/library/broken"), { recursive: true });
    writeFileSync(join(store.manifestsDir, "registry.ollama.ai/library/broken/latest"), "{not json");
    const result = await store.prune();
    assert.deepEqual(result.removed, []);
    assert.match(result.skipped!, /corrupt manifest .*broken\/latest: not valid JSON/);
    assert.ok(await store.hasBlob(another.digest));
});

test("a corrupt manifest is reported by name and does not hide the others", async () => {
    const store = tempStore();
    await writeModel(store, "good", { [mediaTypes.model]: "w" });
    const path = join(store.manifestsDir, "registry.ollama.ai/library/bad/latest");
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, JSON.stringify({ schemaVersion: 2, config: { mediaType: "x", digest: "sha256:zz", size: 1 }, layers: [] }));
    const { models, problems } = await store.listManifests();
    assert.deepEqual(
        models.map((m) => m.name.model),
        ["good"]
    );
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /bad\/latest: config has an invalid digest "sha256:zz"/);
    await assert.rejects(store.get(requireModelName("bad")), /corrupt manifest/);
    assert.equal(readFileSync(path, "utf8").length > 0, true);
});

test("prune keeps partial downloads for a week (a pull resumes them), and removes older ones", async () => {
    const store = tempStore();
    await store.ensureBlobsDir();
    const partial = store.partialBlobPath(sha("downloading"));
    const files = [partial, `${partial}-0`, `${partial}-1`, store.downloadPartialPath("a".repeat(64))];
    for (const file of files) writeFileSync(file, "x");
    const day = 24 * 3600_000;
    assert.deepEqual((await store.prune({ now: Date.now() + 6 * day })).removed, [], "six days old: kept");
    const removed = (await store.prune({ now: Date.now() + 8 * day })).removed.sort();
    assert.deepEqual(removed, files.map((file) => file.slice(store.blobsDir.length + 1)).sort());
});

test("adoptFile makes a finished download a blob only when it hashes to the expected digest", async () => {
    const store = tempStore();
    await store.ensureBlobsDir();
    const good = store.partialBlobPath(sha("payload"));
    writeFileSync(good, "payload");
    assert.deepEqual(await store.adoptFile(good, sha("payload")), { digest: sha("payload"), size: 7, created: true });
    assert.equal(readFileSync(store.blobPath(sha("payload")), "utf8"), "payload");
    assert.ok(!existsSync(good));

    const bad = store.partialBlobPath(sha("expected"));
    writeFileSync(bad, "something else");
    await assert.rejects(store.adoptFile(bad, sha("expected")), DigestMismatchError);
    assert.ok(!existsSync(bad), "mismatching bytes are deleted");
    assert.equal(await store.hasBlob(sha("expected")), false);
    assert.throws(() => store.downloadPartialPath("../../x"), StoreError);
});

test("concurrent copies and deletes of one name end as done or model-not-found, never a store error", async () => {
    const store = tempStore();
    await writeModel(store, "base", { [mediaTypes.system]: "s" });
    const base = requireModelName("base");
    const racy = requireModelName("racy");

    await store.copy(base, racy);
    const twice = await Promise.allSettled([store.delete(racy), store.delete(racy)]);
    assert.equal(twice.filter((outcome) => outcome.status === "fulfilled").length, 1, "one delete wins");
    for (const outcome of twice) {
        if (outcome.status === "rejected") assert.ok(outcome.reason instanceof ModelNotFoundError, String(outcome.reason));
    }

    const mixed = await Promise.allSettled(
        Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? store.copy(base, racy) : store.delete(racy)))
    );
    for (const outcome of mixed) {
        if (outcome.status === "rejected") assert.ok(outcome.reason instanceof ModelNotFoundError, String(outcome.reason));
    }
    assert.equal(mixed.filter((outcome, i) => i % 3 === 0 && outcome.status === "rejected").length, 0, "every copy succeeds");
    assert.equal((await store.get(base)).name.model, "base");
});
