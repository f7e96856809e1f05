/**
 * @module embeddingRequest
 * The valibot schema of a `/v1/embeddings` body (JSON types only; toOllamaEmbedRequest checks the values).
 */
import * as v from "valibot";
import { optionsField } from "../ollama/requestFields.js";

export const embeddingRequest = v.looseObject({
    model: v.optional(v.string()),
    input: v.optional(v.nullable(v.unknown())),
    encoding_format: v.optional(v.nullable(v.unknown())),
    dimensions: v.optional(v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(1)))),
    /** Kettle extension: Ollama's `options` (`num_ctx`, …). */
    options: optionsField
});

export type EmbeddingRequest = v.InferOutput<typeof embeddingRequest>;
