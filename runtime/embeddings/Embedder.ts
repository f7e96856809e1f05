/**
 * @module Embedder
 * The one embeddings path behind `/api/embed`, `/api/embeddings` and `/v1/embeddings` (and
 * `ctx.models.embed`): each API turns its request into an {@link EmbedRequest} and its answer
 * from an {@link EmbedOutcome}. On the control plane the {@link EmbeddingService} answers it
 * (cache, then micro-batches on the warm model); inside a worker that already holds the model,
 * {@link warmModelEmbedder} does.
 */
export type EmbedRequest = {
    /** The model name as the request wrote it. */
    model: string;
    inputs: string[];
    /** Cut inputs longer than the context (default true); false makes that a 400. */
    truncate: boolean;
    /** Keep only the first N dimensions (then normalise, when normalising). */
    dimensions?: number | undefined;
    /** L2-normalise (/api/embed, /v1/embeddings); the legacy /api/embeddings returns the raw vector. */
    normalize: boolean;
    /** The request's `options` (num_ctx and the like: load settings). */
    options?: Record<string, unknown> | undefined;
    keepAlive?: unknown;
};

export type EmbedOutcome = {
    embeddings: number[][];
    /** Tokens of all inputs, cached ones included (Ollama's prompt_eval_count, OpenAI's usage). */
    promptEvalCount: number;
    /** How long this request waited for the model to load; 0 when it was warm (or every input was cached). */
    loadDurationNs: number;
};

export interface Embedder {
    embed(request: EmbedRequest, signal: AbortSignal): Promise<EmbedOutcome>;
}
