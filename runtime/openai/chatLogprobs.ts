/**
 * @module chatLogprobs
 * Native logprobs in the shape of a chat completion choice's `logprobs.content`: one entry per
 * token with `token`, `logprob`, `bytes` (UTF-8 bytes, or null) and `top_logprobs`.
 */
import type { TokenLogprobChunk } from "../ollama/types.js";

export type ChatTokenLogprob = {
    token: string;
    logprob: number;
    bytes: number[] | null;
    top_logprobs: { token: string; logprob: number; bytes: number[] | null }[];
};

export function chatLogprobs(native: readonly TokenLogprobChunk[]): ChatTokenLogprob[] {
    return native.map((entry) => ({
        token: entry.token,
        logprob: entry.logprob,
        bytes: entry.bytes ?? null,
        top_logprobs: (entry.top_logprobs ?? []).map((top) => ({ token: top.token, logprob: top.logprob, bytes: top.bytes ?? null }))
    }));
}
