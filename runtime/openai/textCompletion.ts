/**
 * @module textCompletion
 * A whole legacy `text_completion` object, gathered from the chunks a stream would send: the text
 * concatenated, logprobs appended, the finish reason and usage of the last chunks.
 */
import { systemFingerprint, type CompletionMeta } from "./completionMeta.js";
import { completionChunks } from "./completionChunks.js";
import type { CompletionLogprobs } from "./completionLogprobs.js";
import type { FinishReason } from "./finishReason.js";
import type { ResponseChunk } from "../ollama/types.js";
import { usageFrom, type Usage } from "./usageFrom.js";

export type TextCompletion = {
    id: string;
    object: "text_completion";
    created: number;
    model: string;
    system_fingerprint: string;
    choices: { text: string; index: 0; logprobs: CompletionLogprobs | null; finish_reason: FinishReason }[];
    usage: Usage;
};

export async function textCompletion(
    native: AsyncIterable<ResponseChunk>,
    meta: Omit<CompletionMeta, "includeUsage">
): Promise<TextCompletion> {
    let text = "";
    let logprobs: CompletionLogprobs | null = null;
    let finish: FinishReason = "stop";
    let usage = usageFrom(undefined);
    for await (const chunk of completionChunks(native, { ...meta, includeUsage: true })) {
        if (chunk.usage) usage = chunk.usage;
        const choice = chunk.choices[0];
        if (!choice) continue;
        text += choice.text;
        if (choice.logprobs) {
            logprobs ??= { tokens: [], token_logprobs: [], top_logprobs: [], text_offset: [] };
            logprobs.tokens.push(...choice.logprobs.tokens);
            logprobs.token_logprobs.push(...choice.logprobs.token_logprobs);
            logprobs.top_logprobs.push(...choice.logprobs.top_logprobs);
            logprobs.text_offset.push(...choice.logprobs.text_offset);
        }
        if (choice.finish_reason) finish = choice.finish_reason;
    }
    return {
        id: meta.id,
        object: "text_completion",
        created: meta.created,
        model: meta.model,
        system_fingerprint: systemFingerprint,
        choices: [{ text, index: 0, logprobs, finish_reason: finish }],
        usage
    };
}
