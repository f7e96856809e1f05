/**
 * @module embedTexts
 * Embeddings for `/api/embed` and `/api/embeddings`, as Ollama computes them: each input is
 * tokenized, cut to the context (or refused when truncation is off), embedded with the model's
 * pooling, optionally cut to `dimensions`, and L2-normalised unless the legacy endpoint asks for
 * the raw vector.
 */
import type { LlamaEmbeddingContext, LlamaModel, Token } from "node-llama-cpp";
import { BadRequestError } from "../errors/BadRequestError.js";
import { KettleError } from "../errors/KettleError.js";
import { throwIfAborted } from "./AbortError.js";
import { InputTooLongError } from "./InputTooLongError.js";
import type { EmbedInput, EmbedResult } from "./types.js";

export async function embedTexts(
    model: LlamaModel,
    context: LlamaEmbeddingContext,
    contextSize: number,
    input: EmbedInput,
    signal: AbortSignal
): Promise<EmbedResult> {
    const embeddings: number[][] = [];
    let promptEvalCount = 0;
    for (const text of input.inputs) {
        throwIfAborted(signal);
        let tokens = model.tokenize(text, true);
        // node-llama-cpp adds BOS/EOS when the vocabulary wants them, and needs the result to be
        // shorter than the context; the text gets what is left.
        const added = context.calculateInputLength(tokens) - tokens.length;
        const room = contextSize - 1 - added;
        if (tokens.length > room) {
            if (!input.truncate) throw new InputTooLongError();
            tokens = tokens.slice(0, Math.max(0, room));
        }
        if (tokens.length === 0 && model.tokens.bos !== null) tokens = [model.tokens.bos as Token];
        promptEvalCount += context.calculateInputLength(tokens);
        const { vector } = await context.getEmbeddingFor(tokens);
        embeddings.push(shapeEmbedding(vector, input));
    }
    return { embeddings, promptEvalCount };
}

/** Cuts to `dimensions`, normalises, and refuses vectors JSON cannot carry. */
export function shapeEmbedding(vector: readonly number[], options: Pick<EmbedInput, "dimensions" | "normalize">): number[] {
    let values = [...vector];
    if (values.some((value) => !Number.isFinite(value))) {
        throw new KettleError("the model produced an embedding with NaN or infinite values");
    }
    if (options.dimensions !== undefined) {
        if (!Number.isInteger(options.dimensions) || options.dimensions < 1 || options.dimensions > values.length) {
            throw new BadRequestError(`dimensions must be between 1 and ${values.length}, got ${options.dimensions}`);
        }
        values = values.slice(0, options.dimensions);
    }
    if (options.normalize) {
        const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0));
        // A zero vector has no direction; it stays zero rather than becoming NaN.
        if (norm > 0) values = values.map((value) => value / norm);
    }
    return values;
}
