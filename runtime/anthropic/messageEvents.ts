/**
 * @module messageEvents
 * Translates native chat chunks into Anthropic's stream events: `message_start`, then one content
 * block per run of thinking or text and one per tool call (`content_block_start`, deltas,
 * `content_block_stop`), then `message_delta` with the stop reason and usage, and `message_stop`.
 * A tool call arrives whole, so its input is one `input_json_delta`. Both the streamed and the
 * whole response are built from these events (messageFromEvents), so they cannot disagree.
 */
import { StreamedError } from "../errors/StreamedError.js";
import type { ResponseChunk } from "../ollama/types.js";
import { anthropicId } from "./anthropicId.js";
import { stopReason } from "./stopReason.js";
import type { MessageStreamEvent } from "./types.js";

export type MessageStart = {
    id: string;
    model: string;
    /** The prompt's token count when known before generating; `message_delta` always carries the final one. */
    inputTokens: number;
};

export async function* messageEvents(
    chunks: AsyncIterable<ResponseChunk> | Iterable<ResponseChunk>,
    start: MessageStart
): AsyncGenerator<MessageStreamEvent> {
    yield {
        type: "message_start",
        message: {
            id: start.id,
            type: "message",
            role: "assistant",
            model: start.model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: start.inputTokens, output_tokens: 0 }
        }
    };

    let index = -1;
    let open: "text" | "thinking" | undefined;
    let calledTools = false;
    function* closeBlock(): Generator<MessageStreamEvent> {
        if (open === undefined) return;
        open = undefined;
        yield { type: "content_block_stop", index };
    }

    for await (const chunk of chunks) {
        const message = chunk.message;
        if (message?.thinking) {
            if (open !== "thinking") {
                yield* closeBlock();
                open = "thinking";
                yield { type: "content_block_start", index: ++index, content_block: { type: "thinking", thinking: "", signature: "" } };
            }
            yield { type: "content_block_delta", index, delta: { type: "thinking_delta", thinking: message.thinking } };
        }
        if (message?.content) {
            if (open !== "text") {
                yield* closeBlock();
                open = "text";
                yield { type: "content_block_start", index: ++index, content_block: { type: "text", text: "" } };
            }
            yield { type: "content_block_delta", index, delta: { type: "text_delta", text: message.content } };
        }
        for (const call of message?.tool_calls ?? []) {
            yield* closeBlock();
            calledTools = true;
            const id = call.id ?? anthropicId("toolu");
            yield {
                type: "content_block_start",
                index: ++index,
                content_block: { type: "tool_use", id, name: call.function.name, input: {} }
            };
            const partial_json = JSON.stringify(call.function.arguments ?? {});
            yield { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json } };
            yield { type: "content_block_stop", index };
        }
        if (chunk.done) {
            yield* closeBlock();
            yield {
                type: "message_delta",
                delta: { stop_reason: stopReason(chunk.done_reason, calledTools), stop_sequence: null },
                usage: { input_tokens: chunk.prompt_eval_count ?? start.inputTokens, output_tokens: chunk.eval_count ?? 0 }
            };
            yield { type: "message_stop" };
            return;
        }
    }
    throw new StreamedError("the generation ended without its final chunk");
}
