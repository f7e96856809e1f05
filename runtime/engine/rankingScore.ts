/**
 * @module rankingScore
 * A reranker's relevance score from its pooled output: the probability of the first label. Qwen3's
 * rerankers already end in a softmax (llama.cpp's build_pooling); the others give a logit, turned
 * into a probability with the sigmoid, as llama.cpp's server and node-llama-cpp do.
 */
import type { LlamaModel } from "node-llama-cpp";

const normalizedArchitectures = new Set(["qwen3", "qwen3vl"]);

export function rankingScore(model: LlamaModel, output: Float32Array): number {
    const value = output[0] ?? 0;
    const architecture = model.fileInfo.metadata.general.architecture as string;
    return normalizedArchitectures.has(architecture) ? value : 1 / (1 + Math.exp(-value));
}
