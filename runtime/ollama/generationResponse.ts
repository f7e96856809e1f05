/**
 * @module generationResponse
 * The response of `/api/generate` and `/api/chat`: each piece of generated text as an NDJSON chunk
 * and a final chunk with `done_reason` and the timings, or (with `stream: false`) one JSON object
 * holding the whole text. Closing the stream (the client went away) closes the engine's generation
 * too, which frees its slot.
 */
import type { GenerationChunk, GenerationStats } from "../engine/types.js";
import { jsonResponse } from "../http/jsonResponse.js";
import { ndjsonResponse } from "../http/ndjsonResponse.js";

export type GenerationShape<T> = {
    /** A chunk carrying a piece of text. */
    piece(text: string): T;
    /** The last chunk, from the generation's statistics. */
    final(stats: GenerationStats): T;
    /** The `stream: false` answer: the final chunk with the whole text in it. */
    whole(final: T, text: string): T;
};

export async function generationResponse<T extends object>(
    generation: AsyncGenerator<GenerationChunk, GenerationStats>,
    shape: GenerationShape<T>,
    options: { stream: boolean; signal: AbortSignal }
): Promise<Response> {
    let text = "";
    async function* chunks(): AsyncGenerator<T> {
        try {
            for (;;) {
                const next = await generation.next();
                if (next.done) {
                    yield shape.final(next.value);
                    return;
                }
                if (!next.value.text) continue;
                text += next.value.text;
                if (options.stream) yield shape.piece(next.value.text);
            }
        } finally {
            await generation.return(undefined as never);
        }
    }
    if (options.stream) return ndjsonResponse(chunks(), { signal: options.signal });
    let final: T | undefined;
    for await (const chunk of chunks()) final = chunk;
    return jsonResponse(shape.whole(final!, text));
}
