/**
 * @module estimateMemory
 * How much memory a model needs loaded with given settings, estimated before loading it (the
 * scheduler decides placement and eviction with it): the weights, the KV cache for every sequence's
 * context, and llama.cpp's compute buffers. It errs high, like Ollama's estimate: a model that
 * does not fit is never started only to fail half-way.
 */
import type { LoadOptions, ModelDefinition } from "./types.js";
import { isPooledModel } from "../models/isPooledModel.js";

/** Bytes per KV cache element by cache type (q8_0 and q4_0 blocks hold 32 values). */
const kvElementBytes = { f16: 2, q8_0: 34 / 32, q4_0: 18 / 32 } as const;

export function estimateMemory(definition: Pick<ModelDefinition, "shape" | "capabilities">, load: LoadOptions): number {
    const shape = definition.shape;
    const embedding = isPooledModel(definition.capabilities);
    // llama.cpp allocates KV cells for every sequence, in multiples of 256.
    const cells = Math.ceil((load.contextSize * (embedding ? 1 : load.sequences)) / 256) * 256;
    const kvType = load.kvCacheType !== "f16" && load.flashAttention !== false ? load.kvCacheType : "f16";
    const kv = shape.blockCount * cells * shape.headCountKv * (shape.keyLength + shape.valueLength) * kvElementBytes[kvType];
    // Compute buffers: logits for a batch plus activations; a generous rule of thumb from llama.cpp's logs.
    const compute = load.batchSize * (shape.vocabSize + 8 * shape.embeddingLength) * 4;
    return Math.ceil(shape.fileBytes + kv + compute);
}
