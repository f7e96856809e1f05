/**
 * @module ModelUsage
 * What one model call cost, as the engine measured it: reported from where it ran (a worker, or the
 * control plane's embeddings path) to the server's metrics and to the access line of the request
 * it was made for.
 */
export type ModelUsage = {
    /** The model's name as `ps` shows it. */
    model: string;
    /** The prompt's tokens (Ollama's `prompt_eval_count`), cached ones included. */
    promptTokens: number;
    /** Tokens generated (Ollama's `eval_count`); 0 for embeddings. */
    generatedTokens: number;
    /** From the engine taking the request to its first token (prompt evaluation and the wait for the context). */
    firstTokenSeconds?: number;
    /** The gaps between consecutive generated tokens. */
    interTokenSeconds?: number[];
};

/** Where a call's usage goes. */
export type UsageSink = (usage: ModelUsage) => void;

/** For calls nobody counts (metrics off, no request). */
export const ignoreUsage: UsageSink = () => undefined;
