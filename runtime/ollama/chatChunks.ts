/**
 * @module chatChunks
 * Reads the NDJSON body of a native `/api/chat` response chunk by chunk, for the adapters that
 * translate it into another API (Anthropic, OpenAI). An `{"error": "..."}` line, which the native
 * handler writes when generation fails after streaming began, ends the chunks with a StreamedError
 * carrying its message. Stopping early (`return()`) cancels the body, which stops the generation.
 */
import { StreamedError } from "../errors/StreamedError.js";

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

export async function* chatChunks(response: Response): AsyncGenerator<ChatChunk> {
    if (!response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = "";
    try {
        for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            buffered += value;
            let newline: number;
            while ((newline = buffered.indexOf("\n")) >= 0) {
                const line = buffered.slice(0, newline);
                buffered = buffered.slice(newline + 1);
                if (line.trim() !== "") yield chunkOf(line);
            }
        }
        if (buffered.trim() !== "") yield chunkOf(buffered);
    } finally {
        // Runs on early return too: cancelling the native body stops its generation.
        await reader.cancel().catch(() => undefined);
    }
}

function chunkOf(line: string): ChatChunk {
    const value = JSON.parse(line) as ChatChunk & { error?: unknown };
    if (typeof value.error === "string") throw new StreamedError(value.error);
    return value;
}
