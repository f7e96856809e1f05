/**
 * @module generationResponse
 * The response of `/api/generate` and `/api/chat`: each piece of output (text, reasoning, tool
 * calls, log-probabilities) as an NDJSON chunk and a final chunk with `done_reason` and the timings,
 * or (with `stream: false`) one JSON object holding all of it. Closing the stream (the client went
 * away) closes the engine's generation too, which frees its slot.
 */
import type { GenerationChunk, GenerationStats, TokenLogprob } from "../engine/types.js";
import { jsonResponse } from "../http/jsonResponse.js";
import { ndjsonResponse } from "../http/ndjsonResponse.js";
import type { ToolCall } from "./types.js";

/** Everything a generation produced, for the `stream: false` answer. */
export type GenerationOutput = { text: string; thinking: string; toolCalls: ToolCall[]; logprobs: TokenLogprob[] };

export type GenerationShape<T> = {
    /** A chunk carrying a piece of the output. */
    piece(chunk: GenerationChunk): T;
    /** The last chunk, from the generation's statistics. */
    final(stats: GenerationStats): T;
    /** The `stream: false` answer: the final chunk with the whole output in it. */
    whole(final: T, output: GenerationOutput): T;
};

export async function generationResponse<T extends object>(
    generation: AsyncGenerator<GenerationChunk, GenerationStats>,
    shape: GenerationShape<T>,
    options: { stream: boolean; signal: AbortSignal }
): Promise<Response> {
    const output: GenerationOutput = { text: "", thinking: "", toolCalls: [], logprobs: [] };
    async function* chunks(): AsyncGenerator<T> {
        try {
            for (;;) {
                const next = await generation.next();
                if (next.done) {
                    yield shape.final(next.value);
                    return;
                }
                const chunk = next.value;
                if (!chunk.text && !chunk.thinking && !chunk.toolCalls?.length && !chunk.logprobs?.length) continue;
                output.text += chunk.text;
                output.thinking += chunk.thinking ?? "";
                output.toolCalls.push(...(chunk.toolCalls ?? []));
                output.logprobs.push(...(chunk.logprobs ?? []));
                if (options.stream) yield shape.piece(chunk);
            }
        } finally {
            await generation.return(undefined as never);
        }
    }
    if (options.stream) return ndjsonResponse(chunks(), { signal: options.signal });
    let final: T | undefined;
    for await (const chunk of chunks()) final = chunk;
    return jsonResponse(shape.whole(final!, output));
}
