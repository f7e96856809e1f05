/**
 * @module completionLogprobs
 * Native logprobs in the legacy `/v1/completions` shape: parallel arrays `tokens`,
 * `token_logprobs`, `top_logprobs` (one `{token: logprob}` map per token) and `text_offset`.
 * Offsets count characters from the start of the generated text (the prompt is not echoed), and
 * continue across the chunks of a stream: pass the offset reached so far.
 */
import type { TokenLogprobChunk } from "../ollama/types.js";

export type CompletionLogprobs = {
    tokens: string[];
    token_logprobs: number[];
    top_logprobs: Record<string, number>[];
    text_offset: number[];
};

export function completionLogprobs(native: readonly TokenLogprobChunk[], startOffset = 0): CompletionLogprobs {
    const result: CompletionLogprobs = { tokens: [], token_logprobs: [], top_logprobs: [], text_offset: [] };
    let offset = startOffset;
    for (const entry of native) {
        result.tokens.push(entry.token);
        result.token_logprobs.push(entry.logprob);
        result.top_logprobs.push(Object.fromEntries((entry.top_logprobs ?? []).map((top) => [top.token, top.logprob])));
        result.text_offset.push(offset);
        offset += entry.token.length;
    }
    return result;
}
