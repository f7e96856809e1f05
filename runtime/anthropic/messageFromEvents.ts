/**
 * @module messageFromEvents
 * The whole `Message` (a `stream: false` answer) built from the stream events, the way the SDK's
 * MessageStream accumulates them: blocks in order, deltas appended, tool input parsed from its JSON.
 */
import type { AnthropicMessage, MessageStreamEvent } from "./types.js";

export async function messageFromEvents(events: AsyncIterable<MessageStreamEvent>): Promise<AnthropicMessage> {
    let message: AnthropicMessage | undefined;
    const toolInput = new Map<number, string>();
    for await (const event of events) {
        switch (event.type) {
            case "message_start":
                message = { ...event.message, content: [], usage: { ...event.message.usage } };
                break;
            case "content_block_start":
                message!.content[event.index] = { ...event.content_block };
                break;
            case "content_block_delta": {
                const block = message!.content[event.index]!;
                const delta = event.delta;
                if (delta.type === "text_delta" && block.type === "text") block.text += delta.text;
                else if (delta.type === "thinking_delta" && block.type === "thinking") block.thinking += delta.thinking;
                else if (delta.type === "input_json_delta")
                    toolInput.set(event.index, (toolInput.get(event.index) ?? "") + delta.partial_json);
                break;
            }
            case "content_block_stop": {
                const block = message!.content[event.index]!;
                const json = toolInput.get(event.index);
                if (block.type === "tool_use" && json !== undefined) block.input = JSON.parse(json) as Record<string, unknown>;
                break;
            }
            case "message_delta":
                message!.stop_reason = event.delta.stop_reason;
                message!.usage = { ...event.usage };
                break;
            case "message_stop":
                return message!;
            default:
                void (event satisfies never);
        }
    }
    throw new Error("the message events ended without message_stop");
}
