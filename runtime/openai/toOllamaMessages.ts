/**
 * @module toOllamaMessages
 * OpenAI chat messages as native `/api/chat` messages:
 * - `developer` is a `system` message;
 * - content may be a string or a list of parts: `text` (and `refusal`) parts are joined with
 *   newlines, `image_url` parts must be base64 data URLs and become native `images`;
 * - an assistant's `tool_calls[].function.arguments` is a JSON string, parsed into the object the
 *   native API wants; its `reasoning` (an Ollama extension) becomes `thinking`;
 * - a `tool` message names its call by `tool_call_id`: the tool's name is looked up in the earlier
 *   assistant tool calls and sent as `tool_name`.
 */
import { BadRequestError } from "../errors/BadRequestError.js";
import type { ChatMessage as OpenAiMessage } from "./chatCompletionRequest.js";
import type { ChatMessage } from "../ollama/types.js";

const dataUrl = /^data:image\/[A-Za-z0-9.+-]+;base64,(.*)$/s;

export function toOllamaMessages(messages: readonly OpenAiMessage[]): ChatMessage[] {
    const toolNames = new Map<string, string>();
    return messages.map((message, i) => {
        const where = `messages[${i}]`;
        const { text, images } = contentOf(message.content, where);
        const native: ChatMessage = { role: message.role === "developer" ? "system" : message.role, content: text };
        if (images.length) native.images = images;
        if (message.reasoning) native.thinking = message.reasoning;
        if (message.role === "assistant" && message.tool_calls?.length) {
            native.tool_calls = message.tool_calls.map((call, j) => {
                if (call.id) toolNames.set(call.id, call.function.name);
                return {
                    ...(call.id ? { id: call.id } : {}),
                    function: { name: call.function.name, arguments: parseArguments(call.function.arguments, `${where}.tool_calls[${j}]`) }
                };
            });
        }
        if (message.role === "tool") {
            const name = (message.tool_call_id ? toolNames.get(message.tool_call_id) : undefined) ?? message.name ?? undefined;
            if (name) native.tool_name = name;
            if (message.tool_call_id) native.tool_call_id = message.tool_call_id;
        }
        return native;
    });
}

function contentOf(content: OpenAiMessage["content"], where: string): { text: string; images: string[] } {
    if (content === undefined || content === null) return { text: "", images: [] };
    if (typeof content === "string") return { text: content, images: [] };
    const texts: string[] = [];
    const images: string[] = [];
    content.forEach((part, j) => {
        const at = `${where}.content[${j}]`;
        const fields = part as Record<string, unknown>;
        switch (part.type) {
            case "text":
            case "refusal": {
                const text = fields[part.type];
                if (typeof text !== "string") throw new BadRequestError(`${at}.${part.type} must be a string`);
                texts.push(text);
                break;
            }
            case "image_url": {
                const image = fields.image_url;
                const url = typeof image === "string" ? image : (image as { url?: unknown } | null | undefined)?.url;
                if (typeof url !== "string") throw new BadRequestError(`${at}.image_url.url must be a string`);
                const match = dataUrl.exec(url);
                if (!match) {
                    throw new BadRequestError(
                        `${at}.image_url.url: only base64 data URLs (data:image/png;base64,...) are supported, not ${JSON.stringify(url.slice(0, 40))}`
                    );
                }
                images.push(match[1]!);
                break;
            }
            default:
                throw new BadRequestError(`${at}: content parts of type ${JSON.stringify(part.type)} are not supported`);
        }
    });
    return { text: texts.join("\n"), images };
}

function parseArguments(value: string | Record<string, unknown> | null | undefined, where: string): Record<string, unknown> {
    if (value === undefined || value === null || value === "") return {};
    if (typeof value !== "string") return value;
    let parsed: unknown;
    try {
        parsed = JSON.parse(value);
    } catch (error) {
        throw new BadRequestError(`${where}.function.arguments is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new BadRequestError(`${where}.function.arguments must be a JSON object, but got ${value.slice(0, 40)}`);
    }
    return parsed as Record<string, unknown>;
}
