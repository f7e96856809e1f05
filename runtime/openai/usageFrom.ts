/**
 * @module usageFrom
 * OpenAI's `usage` from a native final chunk: prompt tokens are `prompt_eval_count` (the whole
 * prompt, cached tokens included, as Ollama counts them), completion tokens are `eval_count`.
 */
import type { ResponseChunk } from "../ollama/types.js";

export type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number };

export function usageFrom(final: Pick<ResponseChunk, "prompt_eval_count" | "eval_count"> | undefined): Usage {
    const prompt = final?.prompt_eval_count ?? 0;
    const completion = final?.eval_count ?? 0;
    return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}
