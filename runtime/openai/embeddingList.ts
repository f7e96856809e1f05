/**
 * @module embeddingList
 * OpenAI's embeddings response from a native `/api/embed` answer: one `{object: "embedding",
 * embedding, index}` per input, the vectors as numbers or, with `base64`, as their little-endian
 * float32 bytes in base64 (what openai-node asks for by default and decodes into a Float32Array).
 */
import type { EncodingFormat } from "./toOllamaEmbedRequest.js";

export type EmbeddingList = {
    object: "list";
    data: { object: "embedding"; embedding: number[] | string; index: number }[];
    model: string;
    usage: { prompt_tokens: number; total_tokens: number };
};

export function embeddingList(
    native: { embeddings: number[][]; prompt_eval_count?: number },
    model: string,
    format: EncodingFormat
): EmbeddingList {
    const tokens = native.prompt_eval_count ?? 0;
    return {
        object: "list",
        data: native.embeddings.map((vector, index) => ({
            object: "embedding",
            embedding: format === "base64" ? encodeFloat32Base64(vector) : vector,
            index
        })),
        model,
        usage: { prompt_tokens: tokens, total_tokens: tokens }
    };
}

/** The vector as float32s, little-endian (a typed array uses the platform's order; every platform Node runs on is little-endian). */
export function encodeFloat32Base64(vector: readonly number[]): string {
    const floats = Float32Array.from(vector);
    return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString("base64");
}
