/**
 * @module testEngine
 * Real tiny models loaded in-process for the engine's own tests: a model definition for a GGUF of
 * the shared test models (stories260K's shape), a loader with the server's defaults on one thread
 * and the CPU, and a collector of a generation's text and stats.
 */
import { EngineModel } from "../runtime/engine/EngineModel.js";
import { loadOptionsFor, type LoadDefaults } from "../runtime/engine/loadOptionsFor.js";
import type { GenerationChunk, GenerationStats, ModelDefinition } from "../runtime/engine/types.js";

export function definitionFor(modelPath: string, extra: Partial<ModelDefinition> = {}): ModelDefinition {
    return {
        name: "test:latest",
        digest: "0".repeat(64),
        modelPath,
        adapterPaths: [],
        parameters: {},
        messages: [],
        capabilities: ["completion"],
        details: { parent_model: "", format: "gguf", family: "llama", families: null, parameter_size: "293K", quantization_level: "F32" },
        trainContextLength: 2048,
        // stories260K's sizes.
        shape: {
            fileBytes: 1185376,
            blockCount: 5,
            embeddingLength: 64,
            headCount: 8,
            headCountKv: 4,
            keyLength: 8,
            valueLength: 8,
            vocabSize: 512
        },
        ...extra
    };
}

/** Loads `definition` with request-style `options` and `numParallel` slots; `defaults` overrides the server's. */
export async function loadTestEngine(
    definition: ModelDefinition,
    options: Record<string, unknown>,
    numParallel = 1,
    defaults: Partial<LoadDefaults> = {}
): Promise<EngineModel> {
    const base: LoadDefaults = {
        contextLength: 2048,
        threads: 1,
        numParallel,
        flashAttention: "auto",
        kvCacheType: "f16",
        embeddingSequences: 8,
        embeddingTokens: 128
    };
    return EngineModel.load(definition, loadOptionsFor(definition, options, { ...base, ...defaults }), { gpu: false });
}

/** Runs a generation to its end: the text, its chunks, and the stats it returned. */
export async function collect(generation: AsyncGenerator<GenerationChunk, GenerationStats>) {
    const chunks: string[] = [];
    for (;;) {
        const next = await generation.next();
        if (next.done) return { text: chunks.join(""), chunks, stats: next.value };
        chunks.push(next.value.text);
    }
}
