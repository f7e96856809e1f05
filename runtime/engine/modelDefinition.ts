/**
 * @module modelDefinition
 * Turns a stored model into the {@link ModelDefinition} a worker loads: paths, Modelfile layers,
 * capabilities and the training context length (read from the GGUF, which is why callers cache it).
 */
import { stat } from "node:fs/promises";
import { inspectGguf } from "../gguf/inspectGguf.js";
import { modelCapabilities } from "../models/modelCapabilities.js";
import { modelDetails } from "../models/modelDetails.js";
import type { Model } from "../models/readModel.js";
import { displayShortest } from "../store/ModelName.js";
import { digestHex } from "../store/Digest.js";
import { BadRequestError } from "../errors/BadRequestError.js";
import type { ModelDefinition, ModelShape } from "./types.js";

export async function modelDefinition(model: Model): Promise<ModelDefinition> {
    const name = displayShortest(model.stored.name);
    if (!model.modelPath) throw new BadRequestError(`model '${name}' has no GGUF weights layer`);
    const gguf = await inspectGguf(model.modelPath);
    const template = model.template ?? gguf.chatTemplate;
    const fileBytes = (await Promise.all([model.modelPath, ...model.adapterPaths].map((path) => stat(path)))).reduce(
        (sum, info) => sum + info.size,
        0
    );
    return {
        name,
        digest: digestHex(model.stored.digest),
        modelPath: model.modelPath,
        adapterPaths: model.adapterPaths,
        ...(model.template !== undefined ? { template: model.template } : {}),
        ...(model.system !== undefined ? { system: model.system } : {}),
        parameters: model.parameters,
        messages: model.messages,
        capabilities: modelCapabilities({ poolingType: gguf.poolingType, template, hasProjector: model.projectorPaths.length > 0 }),
        details: modelDetails(model.config),
        ...(gguf.contextLength !== undefined ? { trainContextLength: gguf.contextLength } : {}),
        shape: modelShape(gguf.architecture, gguf.metadata, fileBytes)
    };
}

function modelShape(architecture: string, metadata: Record<string, unknown>, fileBytes: number): ModelShape {
    const number = (key: string, fallback: number) => {
        const value = metadata[`${architecture}.${key}`];
        // Some architectures give per-layer arrays (head counts): the largest decides the memory.
        if (Array.isArray(value)) return Math.max(...value.map(Number).filter(Number.isFinite), 0) || fallback;
        return typeof value === "number" && Number.isFinite(value) ? value : fallback;
    };
    const embeddingLength = number("embedding_length", 0);
    const headCount = number("attention.head_count", 1) || 1;
    const tokens = metadata["tokenizer.ggml.tokens"];
    return {
        fileBytes,
        blockCount: number("block_count", 0),
        embeddingLength,
        headCount,
        headCountKv: number("attention.head_count_kv", headCount),
        keyLength: number("attention.key_length", Math.floor(embeddingLength / headCount)),
        valueLength: number("attention.value_length", Math.floor(embeddingLength / headCount)),
        vocabSize: Array.isArray(tokens) ? tokens.length : number("vocab_size", 32000)
    };
}
