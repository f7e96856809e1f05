import { test } from "node:test";
import assert from "node:assert/strict";
import { createReadStream, mkdtempSync, readdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createModel } from "./createModel.js";
import { showModel } from "./showModel.js";
import { ModelStore } from "../store/ModelStore.js";
import { requireModelName } from "../store/ModelName.js";
import { ModelNotFoundError } from "../errors/ModelNotFoundError.js";
import type { CreateRequest, ProgressResponse } from "../ollama/types.js";
import { testModels } from "../../testing/testModels.js";

async function storeWithWeights() {
    const store = new ModelStore(mkdtempSync(join(tmpdir(), "kettle-create-")));
    const { digest } = await store.writeBlobStream(createReadStream(testModels.chatml));
    return { store, digest };
}

async function run(store: ModelStore, request: CreateRequest): Promise<ProgressResponse[]> {
    const statuses: ProgressResponse[] = [];
    for await (const progress of createModel(store, request)) statuses.push(progress);
    return statuses;
}

test("create from an uploaded blob reports Ollama's statuses and writes a showable model", async () => {
    const { store, digest } = await storeWithWeights();
    const statuses = await run(store, {
        model: "m",
        files: { "story.gguf": digest },
        system: "sys",
        parameters: { temperature: 0.5, stop: "<|im_end|>" },
        messages: [{ role: "User", content: "hi" }],
        license: ["A", "B"]
    });
    assert.deepEqual(
        statuses.map((s) => s.status.replace(/sha256:[0-9a-f]{64}/, "sha256:…")),
        [
            "parsing GGUF",
            "using existing layer sha256:…",
            "creating new layer sha256:…",
            "creating new layer sha256:…",
            "creating new layer sha256:…",
            "creating new layer sha256:…",
            "creating new layer sha256:…",
            "writing manifest",
            "success"
        ]
    );
    const shown = await showModel(store, { model: "m" });
    assert.equal(shown.system, "sys");
    assert.equal(shown.license, "A\nB");
    assert.deepEqual(shown.messages, [{ role: "user", content: "hi" }]);
    assert.equal(shown.parameters, `stop${" ".repeat(27)}"<|im_end|>"\ntemperature${" ".repeat(20)}0.5`);
    assert.deepEqual(shown.capabilities, ["completion"]);
    assert.deepEqual(shown.details, {
        parent_model: "",
        format: "gguf",
        family: "llama",
        families: ["llama"],
        parameter_size: "293K",
        quantization_level: "F32"
    });
    assert.deepEqual(shown.model_info!["tokenizer.ggml.tokens"], [], "long arrays are emptied unless verbose");
    assert.equal((await showModel(store, { model: "m", verbose: true })).model_info!["tokenizer.ggml.tokens"] instanceof Array, true);
});

test("re-creating a model removes the layers only the old version used", async () => {
    const { store, digest } = await storeWithWeights();
    await run(store, { model: "m", files: { "a.gguf": digest }, system: "old" });
    const statuses = await run(store, { model: "m", files: { "a.gguf": digest }, system: "new" });
    assert.ok(statuses.some((s) => s.status === "removing any unused layers"));
    assert.equal(readdirSync(store.blobsDir).length, 3, "weights, the new system layer, the new config");
});

test("bad create requests are refused before anything is written", async () => {
    const { store, digest } = await storeWithWeights();
    const hex = "0".repeat(64);
    const cases: [CreateRequest, RegExp][] = [
        [{ model: "" }, /model is required/],
        [{ model: "../x", files: { "a.gguf": digest } }, /invalid model name/],
        [{ model: "m" }, /neither 'from' or 'files' was specified/],
        [{ model: "m", files: { "/etc/passwd": digest } }, /file path must be relative/],
        [{ model: "m", files: { "../up.gguf": digest } }, /file path must not leave its directory/],
        [{ model: "m", files: { "a.gguf": "sha256:xyz" } }, /invalid digest format/],
        [{ model: "m", files: { "a.gguf": `sha256:${hex}` } }, /blob sha256:0{64} not found/],
        [{ model: "m", files: { "model.safetensors": digest } }, /Kettle imports GGUF models only/],
        [{ model: "m", files: { "a.gguf": digest, "b.gguf": digest } }, /only one GGUF file is supported/],
        [{ model: "m", files: { "a.gguf": digest }, adapters: { "x.gguf": digest, "y.gguf": digest } }, /only one adapter/],
        [{ model: "m", files: { "a.gguf": digest }, quantize: "q4_K_M" }, /quantization is not supported yet/],
        [{ model: "m", files: { "a.gguf": digest }, parameters: { num_ctx: "big" } }, /option "num_ctx" must be of type integer/],
        [{ model: "m", files: { "a.gguf": digest }, messages: [{ role: "bot", content: "x" }] }, /messages\[0\]\.role must be one of/],
        [{ model: "m", from: "missing" }, /model 'missing:latest' not found/]
    ];
    for (const [request, message] of cases) {
        await assert.rejects(run(store, request), message, JSON.stringify(request));
    }
    assert.equal(existsSync(store.manifestsDir), false);
});

test("a create replacing a model cannot prune the blobs of another create of it still in progress", async () => {
    const { store, digest } = await storeWithWeights();
    await run(store, { model: "base", files: { "model.gguf": digest } });
    await run(store, { model: "m", from: "base", system: "old" });
    // The first create reuses the "old" blob, then stalls until the second is done (or 300 ms pass).
    // The second starts only once the first has stalled: which create reaches the store first is
    // otherwise a race of file reads, and a loaded machine lost it (the first then wrote last).
    let secondDone!: () => void;
    const second = new Promise<void>((resolve) => (secondDone = resolve));
    let firstStalled!: () => void;
    const stalling = new Promise<void>((resolve) => (firstStalled = resolve));
    const write = store.writeBlobBytes.bind(store);
    let stalled = false;
    store.writeBlobBytes = async (data) => {
        const written = await write(data);
        if (data === "old" && !stalled) {
            stalled = true;
            firstStalled();
            await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 300))]);
        }
        return written;
    };
    const first = run(store, { model: "m", from: "base", system: "old" });
    await stalling;
    // The second replaces "old" with "new", so it prunes the "old" blob as no longer used.
    const replacing = run(store, { model: "m", from: "base", system: "new" }).finally(secondDone);
    const outcomes = await Promise.allSettled([first, replacing]);
    for (const outcome of outcomes) assert.equal(outcome.status, "fulfilled", String((outcome as PromiseRejectedResult).reason));
    const final = (await store.find(requireModelName("m")))!;
    for (const layer of final.manifest.layers) assert.ok(await store.hasBlob(layer.digest), `${layer.mediaType} ${layer.digest}`);
    assert.equal((await showModel(store, { model: "m" })).system, "new");
});

test("concurrent creates and deletes of one name all end as done or model-not-found", async () => {
    const { store, digest } = await storeWithWeights();
    await run(store, { model: "base", files: { "model.gguf": digest } });
    const outcomes = await Promise.allSettled(
        Array.from({ length: 24 }, (_, i) =>
            i % 4 === 3
                ? store.delete(requireModelName("m")).catch((error: unknown) => {
                      if (!(error instanceof ModelNotFoundError)) throw error;
                  })
                : run(store, { model: "m", from: "base", system: `s${i % 3}`, license: i % 2 ? ["MIT"] : undefined })
        )
    );
    for (const outcome of outcomes) assert.equal(outcome.status, "fulfilled", String((outcome as PromiseRejectedResult).reason));
    const final = await store.find(requireModelName("m"));
    for (const layer of final?.manifest.layers ?? []) assert.ok(await store.hasBlob(layer.digest), layer.digest);
});
