/**
 * @module nativeTypes
 * The parts of Kettle's native (Ollama) NDJSON chunks that the OpenAI adapters read: `/api/chat`
 * and `/api/generate` chunks, with the tools, thinking and logprobs extensions.
 */

/** One token's log probability, with its most likely alternatives. */
export type NativeLogprob = {
    token: string;
    logprob: number;
    bytes?: number[] | null;
    top_logprobs?: { token: string; logprob: number; bytes?: number[] | null }[] | null;
};

/** A tool call as `/api/chat` writes it: arguments are a JSON object, not a string. */
export type NativeToolCall = {
    id?: string;
    function: { index?: number; name: string; arguments?: unknown };
};

/** A chunk of `/api/chat` (`message`) or `/api/generate` (`response`, `thinking`). */
export type NativeChunk = {
    model?: string;
    message?: { role?: string; content?: string; thinking?: string; tool_calls?: NativeToolCall[] | null };
    response?: string;
    thinking?: string;
    done?: boolean;
    done_reason?: string;
    prompt_eval_count?: number;
    eval_count?: number;
    logprobs?: NativeLogprob[] | null;
};
