/**
 * @module chatCompletionChunks
 * Native `/api/chat` chunks as OpenAI `chat.completion.chunk` objects, Ollama's way:
 * - every chunk has the same `id`, `created` and `model`;
 * - the first delta is `{role: "assistant", content: ""}`;
 * - reasoning (`delta.reasoning`), content and tool calls travel in separate chunks; each tool call
 *   comes whole, with its `index`, `id`, `type` and `arguments` as a JSON string;
 * - a finish chunk has an empty delta and the `finish_reason`;
 * - with `includeUsage`, every chunk has `usage: null` and a last chunk with no choices carries the
 *   usage (OpenAI's `stream_options.include_usage`).
 */
import { systemFingerprint, type CompletionMeta } from "./completionMeta.js";
import { chatLogprobs, type ChatTokenLogprob } from "./chatLogprobs.js";
import { finishReason, type FinishReason } from "./finishReason.js";
import type { ResponseChunk } from "../ollama/types.js";
import { toOpenAiToolCall, type OpenAiToolCall } from "./toOpenAiToolCall.js";
import { usageFrom, type Usage } from "./usageFrom.js";

export type ChatDelta = {
    role?: "assistant";
    content?: string;
    reasoning?: string;
    tool_calls?: (OpenAiToolCall & { index: number })[];
};

export type ChatCompletionChunk = {
    id: string;
    object: "chat.completion.chunk";
    created: number;
    model: string;
    system_fingerprint: string;
    choices: { index: 0; delta: ChatDelta; logprobs: { content: ChatTokenLogprob[] } | null; finish_reason: FinishReason | null }[];
    usage?: Usage | null;
};

export async function* chatCompletionChunks(
    native: AsyncIterable<ResponseChunk>,
    meta: CompletionMeta
): AsyncGenerator<ChatCompletionChunk> {
    const chunk = (
        delta: ChatDelta | null,
        finish: FinishReason | null = null,
        logprobs: ChatTokenLogprob[] = []
    ): ChatCompletionChunk => ({
        id: meta.id,
        object: "chat.completion.chunk",
        created: meta.created,
        model: meta.model,
        system_fingerprint: systemFingerprint,
        choices: delta ? [{ index: 0, delta, logprobs: logprobs.length ? { content: logprobs } : null, finish_reason: finish }] : [],
        ...(meta.includeUsage ? { usage: null } : {})
    });

    yield chunk({ role: "assistant", content: "" });
    let toolCalls = 0;
    let final: ResponseChunk | undefined;
    for await (const piece of native) {
        if (piece.done) final = piece;
        const message = piece.message ?? {};
        const logprobs = piece.logprobs?.length ? chatLogprobs(piece.logprobs) : [];
        if (message.thinking) yield chunk({ reasoning: message.thinking });
        if (message.content || logprobs.length) yield chunk({ content: message.content ?? "" }, null, logprobs);
        if (message.tool_calls?.length) {
            yield chunk({ tool_calls: message.tool_calls.map((call) => ({ index: toolCalls++, ...toOpenAiToolCall(call) })) });
        }
    }
    yield chunk({}, finishReason(final?.done_reason, toolCalls > 0));
    if (meta.includeUsage) yield { ...chunk(null), usage: usageFrom(final) };
}
