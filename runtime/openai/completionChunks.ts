/**
 * @module completionChunks
 * Native `/api/generate` chunks as legacy `text_completion` stream chunks: each piece of text in a
 * choice `{text, index, logprobs, finish_reason: null}`, then a finish chunk with empty text and the
 * `finish_reason`, then (with `includeUsage`) a usage chunk with no choices. All share `id`,
 * `created` and `model`. The native `thinking` of a reasoning model is not part of a completion's
 * text and is left out.
 */
import { systemFingerprint, type CompletionMeta } from "./completionMeta.js";
import { completionLogprobs, type CompletionLogprobs } from "./completionLogprobs.js";
import { finishReason, type FinishReason } from "./finishReason.js";
import type { ResponseChunk } from "../ollama/types.js";
import { usageFrom, type Usage } from "./usageFrom.js";

export type CompletionChunk = {
    id: string;
    object: "text_completion";
    created: number;
    model: string;
    system_fingerprint: string;
    choices: { text: string; index: 0; logprobs: CompletionLogprobs | null; finish_reason: FinishReason | null }[];
    usage?: Usage | null;
};

export async function* completionChunks(native: AsyncIterable<ResponseChunk>, meta: CompletionMeta): AsyncGenerator<CompletionChunk> {
    const chunk = (
        text: string | null,
        finish: FinishReason | null = null,
        logprobs: CompletionLogprobs | null = null
    ): CompletionChunk => ({
        id: meta.id,
        object: "text_completion",
        created: meta.created,
        model: meta.model,
        system_fingerprint: systemFingerprint,
        choices: text === null ? [] : [{ text, index: 0, logprobs, finish_reason: finish }],
        ...(meta.includeUsage ? { usage: null } : {})
    });

    let offset = 0;
    let final: ResponseChunk | undefined;
    for await (const piece of native) {
        if (piece.done) final = piece;
        const text = piece.response ?? "";
        const logprobs = piece.logprobs?.length ? completionLogprobs(piece.logprobs, offset) : null;
        if (text || logprobs) yield chunk(text, null, logprobs);
        offset += text.length;
    }
    yield chunk("", finishReason(final?.done_reason));
    if (meta.includeUsage) yield { ...chunk(null), usage: usageFrom(final) };
}
