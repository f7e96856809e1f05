/**
 * @module chatCompletion
 * A whole `chat.completion` object, gathered from the same chunks a stream would send (so a
 * streamed and an unstreamed answer cannot disagree): content and reasoning concatenated, tool
 * calls and logprobs collected, the finish reason and usage of the last chunks.
 */
import type { ChatTokenLogprob } from "./chatLogprobs.js";
import { chatCompletionChunks } from "./chatCompletionChunks.js";
import { systemFingerprint, type CompletionMeta } from "./completionMeta.js";
import type { FinishReason } from "./finishReason.js";
import type { ResponseChunk } from "../ollama/types.js";
import type { OpenAiToolCall } from "./toOpenAiToolCall.js";
import { usageFrom, type Usage } from "./usageFrom.js";

export type ChatCompletion = {
    id: string;
    object: "chat.completion";
    created: number;
    model: string;
    system_fingerprint: string;
    choices: {
        index: 0;
        message: { role: "assistant"; content: string; reasoning?: string; tool_calls?: OpenAiToolCall[] };
        finish_reason: FinishReason;
        logprobs: { content: ChatTokenLogprob[] } | null;
    }[];
    usage: Usage;
};

export async function chatCompletion(
    native: AsyncIterable<ResponseChunk>,
    meta: Omit<CompletionMeta, "includeUsage">
): Promise<ChatCompletion> {
    let content = "";
    let reasoning = "";
    const toolCalls: OpenAiToolCall[] = [];
    const logprobs: ChatTokenLogprob[] = [];
    let finish: FinishReason = "stop";
    let usage = usageFrom(undefined);
    for await (const chunk of chatCompletionChunks(native, { ...meta, includeUsage: true })) {
        if (chunk.usage) usage = chunk.usage;
        const choice = chunk.choices[0];
        if (!choice) continue;
        content += choice.delta.content ?? "";
        reasoning += choice.delta.reasoning ?? "";
        for (const { index: _index, ...call } of choice.delta.tool_calls ?? []) toolCalls.push(call);
        logprobs.push(...(choice.logprobs?.content ?? []));
        if (choice.finish_reason) finish = choice.finish_reason;
    }
    return {
        id: meta.id,
        object: "chat.completion",
        created: meta.created,
        model: meta.model,
        system_fingerprint: systemFingerprint,
        choices: [
            {
                index: 0,
                message: {
                    role: "assistant",
                    content,
                    ...(reasoning ? { reasoning } : {}),
                    ...(toolCalls.length ? { tool_calls: toolCalls } : {})
                },
                finish_reason: finish,
                logprobs: logprobs.length ? { content: logprobs } : null
            }
        ],
        usage
    };
}
