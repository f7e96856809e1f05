/**
 * @module ChatChunk
 * One NDJSON line of a native `/api/chat` response, with the fields the Anthropic adapter reads
 * (read with readNativeChunks).
 */

/** A tool call as the native API streams it: ids look like `call_` and 8 characters of [a-z0-9]. */
export type ChatChunkToolCall = {
    id?: string;
    function: { index?: number; name: string; arguments?: Record<string, unknown> };
};

/** One NDJSON line of `/api/chat`, with the fields adapters read. */
export type ChatChunk = {
    message?: { role?: string; content?: string; thinking?: string; tool_calls?: ChatChunkToolCall[] };
    done: boolean;
    /** On the final chunk: "stop" or "length". */
    done_reason?: string;
    prompt_eval_count?: number;
    eval_count?: number;
};
