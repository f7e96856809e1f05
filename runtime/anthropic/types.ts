/**
 * @module types
 * The Anthropic Messages API objects Kettle writes, field for field as `@anthropic-ai/sdk` reads
 * them (`Message`, `RawMessageStreamEvent`), limited to what a local model produces.
 */

export type StopReason = "end_turn" | "max_tokens" | "stop_sequence" | "tool_use";

export type TextBlock = { type: "text"; text: string };
/** `signature` is Claude's proof of origin; local thinking has none, so it is empty. */
export type ThinkingBlock = { type: "thinking"; thinking: string; signature: string };
export type ToolUseBlock = { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };
export type ResponseContentBlock = TextBlock | ThinkingBlock | ToolUseBlock;

export type Usage = { input_tokens: number; output_tokens: number };

export type AnthropicMessage = {
    /** `msg_` and 24 hex digits. */
    id: string;
    type: "message";
    role: "assistant";
    /** The model name as the client sent it. */
    model: string;
    content: ResponseContentBlock[];
    /** null only in `message_start`. */
    stop_reason: StopReason | null;
    /** Always null: the native stream does not say which stop sequence ended it. */
    stop_sequence: null;
    usage: Usage;
};

export type ContentBlockDelta =
    | { type: "text_delta"; text: string }
    | { type: "thinking_delta"; thinking: string }
    | { type: "input_json_delta"; partial_json: string };

export type MessageStreamEvent =
    | { type: "message_start"; message: AnthropicMessage }
    | { type: "content_block_start"; index: number; content_block: ResponseContentBlock }
    | { type: "content_block_delta"; index: number; delta: ContentBlockDelta }
    | { type: "content_block_stop"; index: number }
    | { type: "message_delta"; delta: { stop_reason: StopReason; stop_sequence: null }; usage: Usage }
    | { type: "message_stop" };
