/**
 * @module loadOptionsFor
 * The load-time settings a request needs, by Ollama's precedence: request `options` > Modelfile
 * PARAMETERs > server defaults. Runs on the control plane, where equal results mean a warm model
 * can be shared and different ones mean a reload, so it is pure and imports no native code.
 */
import type { LoadOptions, ModelDefinition } from "./types.js";
import { isPooledModel } from "../models/isPooledModel.js";

export type LoadDefaults = {
    /** `num_ctx` when neither the request nor the Modelfile sets it; 0 means the model's training length. */
    contextLength: number;
    threads: number;
    /** Parallel sequences per loaded model (`OLLAMA_NUM_PARALLEL`). */
    numParallel: number;
    flashAttention: boolean | "auto";
    kvCacheType: LoadOptions["kvCacheType"];
    /** Most inputs per embedding evaluation (`[embeddings] max_batch`). */
    embeddingSequences: number;
    /** Tokens one embedding evaluation aims to hold (`[embeddings] batch_tokens`). */
    embeddingTokens: number;
    /** `engine.share_prefixes`; on unless turned off. */
    sharePrefixes?: boolean;
};

/** Used when num_ctx resolves to "the training length" but the GGUF does not say it (Ollama's smallest tier). */
const fallbackContextLength = 4096;
const defaultBatchSize = 512;

export function loadOptionsFor(
    definition: Pick<ModelDefinition, "parameters" | "capabilities" | "trainContextLength">,
    requestOptions: Record<string, unknown> | undefined,
    defaults: LoadDefaults
): LoadOptions {
    const pick = (key: string): unknown => requestOptions?.[key] ?? definition.parameters[key];
    const integer = (key: string): number | undefined => {
        const value = pick(key);
        return typeof value === "number" && Number.isFinite(value) ? Math.trunc(value) : undefined;
    };
    const train = definition.trainContextLength;

    let contextSize = integer("num_ctx") ?? defaults.contextLength;
    if (contextSize <= 0) contextSize = train ?? fallbackContextLength;
    // A context beyond the training length only produces garbage (Ollama caps it the same way).
    if (train !== undefined && train > 0) contextSize = Math.min(contextSize, train);

    const embedding = isPooledModel(definition.capabilities);
    // Pooled embeddings are computed over one batch: a batch smaller than the input would pool only
    // its last chunk, so embedding models take the whole context as one batch (Ollama does likewise).
    const batchSize = embedding ? contextSize : Math.min(Math.max(1, integer("num_batch") ?? defaultBatchSize), contextSize);

    const numGpu = integer("num_gpu");
    const useMmap = pick("use_mmap");
    const numThread = integer("num_thread");
    return {
        contextSize,
        batchSize,
        gpuLayers: numGpu === undefined || numGpu < 0 ? "auto" : numGpu,
        useMmap: typeof useMmap === "boolean" ? useMmap : true,
        threads: numThread !== undefined && numThread > 0 ? numThread : defaults.threads,
        // Ollama forces one slot for embedding models; their requests are short and serialised anyway.
        sequences: embedding ? 1 : Math.max(1, defaults.numParallel),
        flashAttention: defaults.flashAttention,
        kvCacheType: defaults.kvCacheType,
        embeddingSequences: Math.max(1, defaults.embeddingSequences),
        embeddingTokens: Math.max(1, defaults.embeddingTokens),
        sharePrefixes: defaults.sharePrefixes ?? true
    };
}
