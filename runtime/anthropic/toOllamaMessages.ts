/**
 * @module toOllamaMessages
 * An Anthropic conversation (`system` plus `messages`) as native chat messages:
 * - text blocks are joined with a blank line, base64 images go to `images`;
 * - an assistant's `thinking` blocks become its `thinking`, its `tool_use` blocks its `tool_calls`
 *   (keeping their ids);
 * - each `tool_result` becomes a `tool` message, placed before the rest of its user message, that
 *   names the tool of the earlier `tool_use` with the same id.
 * Blocks in a role that cannot hold them, URL images and results without a matching call are 400s.
 */
import { BadRequestError } from "../errors/BadRequestError.js";
import { contentBlock, type ContentBlock } from "./contentBlock.js";
import type { ChatMessage, ToolCall } from "../ollama/types.js";
import type { RequestMessage } from "./messagesRequest.js";

/** How the text of several blocks is put together. */
const blockSeparator = "\n\n";

/** Where each block type may appear. */
const allowedRoles: Record<ContentBlock["type"], readonly RequestMessage["role"][]> = {
    text: ["user", "assistant", "system"],
    image: ["user"],
    tool_use: ["assistant"],
    tool_result: ["user"],
    thinking: ["assistant"],
    redacted_thinking: ["assistant"]
};

export function toOllamaMessages(
    system: string | { text: string }[] | null | undefined,
    messages: readonly RequestMessage[]
): ChatMessage[] {
    const converted: ChatMessage[] = [];
    const systemText = typeof system === "string" ? system : (system ?? []).map((block) => block.text).join(blockSeparator);
    if (systemText !== "") converted.push({ role: "system", content: systemText });
    // Tool names by tool_use id, from the assistant messages seen so far.
    const toolNames = new Map<string, string>();
    messages.forEach((message, i) => converted.push(...convertMessage(message, `messages.${i}`, toolNames)));
    return converted;
}

function convertMessage(message: RequestMessage, path: string, toolNames: Map<string, string>): ChatMessage[] {
    if (typeof message.content === "string") return [{ role: message.role, content: message.content }];

    const texts: string[] = [];
    const thinking: string[] = [];
    const images: string[] = [];
    const toolCalls: ToolCall[] = [];
    const toolResults: ChatMessage[] = [];
    message.content.forEach((raw, j) => {
        const blockPath = `${path}.content.${j}`;
        const block = contentBlock(raw, blockPath);
        if (!allowedRoles[block.type].includes(message.role)) {
            throw new BadRequestError(`${blockPath}: a ${block.type} block cannot be in a ${message.role} message`);
        }
        switch (block.type) {
            case "text":
                texts.push(block.text);
                break;
            case "image":
                images.push(imageData(block, blockPath));
                break;
            case "tool_use":
                toolNames.set(block.id, block.name);
                toolCalls.push({ id: block.id, function: { name: block.name, arguments: block.input } });
                break;
            case "tool_result":
                toolResults.push(toolResult(block, blockPath, toolNames));
                break;
            case "thinking":
                thinking.push(block.thinking);
                break;
            case "redacted_thinking":
                break;
            default:
                void (block satisfies never);
        }
    });

    const converted: ChatMessage = { role: message.role, content: texts.join(blockSeparator) };
    if (thinking.length) converted.thinking = thinking.join(blockSeparator);
    if (images.length) converted.images = images;
    if (toolCalls.length) converted.tool_calls = toolCalls;
    const hasAny = texts.length > 0 || thinking.length > 0 || images.length > 0 || toolCalls.length > 0;
    return [...toolResults, ...(hasAny ? [converted] : [])];
}

function imageData(block: Extract<ContentBlock, { type: "image" }>, path: string): string {
    if (block.source.type !== "base64") {
        throw new BadRequestError(
            `${path}.source.type: image source "${block.source.type}" is not supported; send the image as "base64" data`
        );
    }
    if (!block.source.data) throw new BadRequestError(`${path}.source.data: expected base64 image data`);
    return block.source.data;
}

function toolResult(block: Extract<ContentBlock, { type: "tool_result" }>, path: string, toolNames: Map<string, string>): ChatMessage {
    const name = toolNames.get(block.tool_use_id);
    if (name === undefined) {
        throw new BadRequestError(
            `${path}.tool_use_id: no tool_use block with id "${block.tool_use_id}" comes before this tool_result in the conversation`
        );
    }
    const result: ChatMessage = { role: "tool", content: "", tool_name: name, tool_call_id: block.tool_use_id };
    if (typeof block.content === "string" || !block.content) {
        result.content = block.content ?? "";
        return result;
    }
    const texts: string[] = [];
    const images: string[] = [];
    block.content.forEach((raw, k) => {
        const innerPath = `${path}.content.${k}`;
        const inner = contentBlock(raw, innerPath);
        if (inner.type === "text") texts.push(inner.text);
        else if (inner.type === "image") images.push(imageData(inner, innerPath));
        else throw new BadRequestError(`${innerPath}: a tool_result can hold text and image blocks, not ${inner.type}`);
    });
    result.content = texts.join(blockSeparator);
    if (images.length) result.images = images;
    return result;
}
