import { test } from "node:test";
import assert from "node:assert/strict";
import { loadOptionsFor, type LoadDefaults } from "./loadOptionsFor.js";
import type { ModelDefinition } from "./types.js";

const defaults: LoadDefaults = {
    contextLength: 4096,
    threads: 2,
    numParallel: 3,
    flashAttention: "auto",
    kvCacheType: "f16",
    embeddingSequences: 16,
    embeddingTokens: 128
};

function definition(parameters: Record<string, unknown> = {}, extra: Partial<ModelDefinition> = {}) {
    return { parameters, capabilities: ["completion" as const], trainContextLength: 2048, ...extra };
}

test("defaults: num_ctx capped at the training length, batch 512, auto GPU layers, mmap, server threads and slots", () => {
    assert.deepEqual(loadOptionsFor(definition(), undefined, defaults), {
        contextSize: 2048,
        batchSize: 512,
        gpuLayers: "auto",
        useMmap: true,
        threads: 2,
        sequences: 3,
        flashAttention: "auto",
        kvCacheType: "f16",
        embeddingSequences: 16,
        embeddingTokens: 128,
        sharePrefixes: true
    });
});

test("request options beat Modelfile parameters, which beat the defaults", () => {
    const model = definition({ num_ctx: 1024, num_batch: 64, num_thread: 1, use_mmap: false, num_gpu: 0 });
    const fromModelfile = loadOptionsFor(model, undefined, defaults);
    assert.equal(fromModelfile.contextSize, 1024);
    assert.equal(fromModelfile.batchSize, 64);
    assert.equal(fromModelfile.threads, 1);
    assert.equal(fromModelfile.useMmap, false);
    assert.equal(fromModelfile.gpuLayers, 0);

    const fromRequest = loadOptionsFor(model, { num_ctx: 256, num_batch: 1024, num_thread: 4, use_mmap: true, num_gpu: 7 }, defaults);
    assert.equal(fromRequest.contextSize, 256);
    assert.equal(fromRequest.batchSize, 256, "num_batch is capped at the context size");
    assert.equal(fromRequest.threads, 4);
    assert.equal(fromRequest.useMmap, true);
    assert.equal(fromRequest.gpuLayers, 7);

    assert.equal(loadOptionsFor(model, { num_ctx: null }, defaults).contextSize, 1024, "null does not hide the Modelfile value");
});

test("num_ctx 0 means the training length; num_gpu -1 means auto; num_thread 0 means the server default", () => {
    const options = loadOptionsFor(definition({}, { trainContextLength: 8192 }), { num_ctx: 0, num_gpu: -1, num_thread: 0 }, defaults);
    assert.equal(options.contextSize, 8192);
    assert.equal(options.gpuLayers, "auto");
    assert.equal(options.threads, 2);
    assert.equal(
        loadOptionsFor(definition({}, { trainContextLength: 8192 }), undefined, { ...defaults, contextLength: 0 }).contextSize,
        8192
    );
    assert.equal(loadOptionsFor(definition({ num_ctx: 100000 }), undefined, defaults).contextSize, 2048, "capped");
    const unknownTrain = loadOptionsFor({ parameters: {}, capabilities: ["completion"] }, undefined, { ...defaults, contextLength: 0 });
    assert.equal(unknownTrain.contextSize, 4096);
});

test("embedding models get one slot and the whole context as one batch", () => {
    const options = loadOptionsFor(definition({ num_batch: 32 }, { capabilities: ["embedding"] }), { num_ctx: 1024 }, defaults);
    assert.equal(options.sequences, 1);
    assert.equal(options.batchSize, 1024);
});
