/**
 * @module toOllamaChat
 * The native `/api/chat` body for a Responses request: `instructions` as the system message, then
 * the conversation's items as messages (function calls join the assistant message before them,
 * their outputs become `tool` messages naming the function), the function tools, `text.format` as
 * `format`, `reasoning.effort` as `think`, and the sampling fields as `options`.
 */
import { BadRequestError } from "../errors/BadRequestError.js";
import type { ChatMessage, ChatRequest } from "../ollama/types.js";
import { thinkFromReasoningEffort } from "../openai/thinkFromReasoningEffort.js";
import { toOllamaOptions } from "../openai/toOllamaOptions.js";
import { toOllamaTools } from "../openai/toOllamaTools.js";
import type { ResponsesRequest } from "./responsesRequest.js";
import type { ResponseItem } from "./types.js";


export function toOllamaChat(request: ResponsesRequest, conversation: ResponseItem[]): ChatRequest {
    const messages: ChatMessage[] = [];
    if (request.instructions) messages.push({ role: "system", content: request.instructions });
    messages.push(...toMessages(conversation));
    const format = formatOf(request.text?.format);
    const think = thinkFromReasoningEffort(request.reasoning?.effort, "reasoning.effort");
    const tools = toOllamaTools({
        tools: (request.tools ?? []).map((tool, i) => {
            if (tool.type !== "function") {
                throw new BadRequestError(`tools[${i}]: only tools of type "function" are supported, not ${JSON.stringify(tool.type)}`, {
                    param: `tools[${i}].type`
                });
            }
            if (!tool.name) throw new BadRequestError(`tools[${i}].name is required`, { param: `tools[${i}].name` });
            return {
                type: "function",
                function: { name: tool.name, description: tool.description ?? null, parameters: tool.parameters ?? null }
            };
        }),
        tool_choice: toolChoice(request.tool_choice)
    });
    return {
        model: request.model,
        messages,
        stream: true,
        options: toOllamaOptions({
            temperature: request.temperature,
            top_p: request.top_p,
            maxTokens: request.max_output_tokens,
            options: request.options ?? null
        }),
        ...tools,
        ...(format !== undefined ? { format } : {}),
        ...(think !== undefined ? { think } : {}),
        ...(request.keep_alive !== undefined && request.keep_alive !== null ? { keep_alive: request.keep_alive } : {})
    };
}

const schemaName = /^[A-Za-z0-9_-]{1,64}$/;

/** Native `format` from `text.format`: `text` is free text, `json_object` any JSON, `json_schema` its schema. */
function formatOf(format: NonNullable<ResponsesRequest["text"]>["format"]): "json" | Record<string, unknown> | undefined {
    if (!format || format.type === "text") return undefined;
    if (format.type === "json_object") return "json";
    if (format.type !== "json_schema") {
        throw new BadRequestError(
            `invalid text.format.type ${JSON.stringify(format.type)}: expected "text", "json_object" or "json_schema"`,
            {
                param: "text.format.type"
            }
        );
    }
    if (typeof format.name !== "string" || !schemaName.test(format.name)) {
        throw new BadRequestError(
            `text.format.name must be 1 to 64 letters, digits, underscores or dashes, but got ${JSON.stringify(format.name ?? null)}`,
            { param: "text.format.name" }
        );
    }
    if (!format.schema)
        throw new BadRequestError("text.format.schema is required when text.format.type is 'json_schema'", { param: "text.format.schema" });
    return format.schema;
}

/** The Responses `tool_choice` (`{type: "function", name}`) in the shape chat completions name it. */
function toolChoice(choice: ResponsesRequest["tool_choice"]) {
    if (choice === undefined || choice === null || typeof choice === "string") return choice;
    if (choice.type === "function") return { type: "function", function: { name: choice.name ?? "" } };
    throw new BadRequestError(`invalid tool_choice: expected "none", "auto", "required" or {"type": "function", "name": "..."}`, {
        param: "tool_choice"
    });
}

function toMessages(items: ResponseItem[]): ChatMessage[] {
    const messages: ChatMessage[] = [];
    const names = new Map<string, string>();
    // Reasoning is carried to the assistant message after it.
    let thinking: string | undefined;
    const assistant = (): ChatMessage => {
        const last = messages[messages.length - 1];
        if (last?.role === "assistant" && !last.tool_calls?.length) return last;
        const message: ChatMessage = { role: "assistant", content: "" };
        messages.push(message);
        return message;
    };
    for (const item of items) {
        switch (item.type) {
            case "reasoning":
                thinking = item.summary.map((part) => part.text).join("\n");
                break;
            case "message": {
                const text = item.content
                    .filter((part) => part.type !== "input_image")
                    .map((part) => (part as { text: string }).text)
                    .join("\n");
                const images = item.content.flatMap((part) =>
                    part.type === "input_image" ? [part.image_url.replace(/^data:[^,]*,/, "")] : []
                );
                const role = item.role === "developer" ? "system" : item.role;
                const message: ChatMessage = { role, content: text, ...(images.length ? { images } : {}) };
                if (role === "assistant" && thinking) message.thinking = thinking;
                thinking = undefined;
                messages.push(message);
                break;
            }
            case "function_call": {
                let args: unknown;
                try {
                    args = item.arguments === "" ? {} : JSON.parse(item.arguments);
                } catch (error) {
                    throw new BadRequestError(`function_call ${item.call_id}: arguments is not valid JSON: ${(error as Error).message}`);
                }
                if (typeof args !== "object" || args === null || Array.isArray(args)) {
                    throw new BadRequestError(`function_call ${item.call_id}: arguments must be a JSON object`);
                }
                names.set(item.call_id, item.name);
                const message = messages[messages.length - 1]?.role === "assistant" ? messages[messages.length - 1]! : assistant();
                if (thinking && !message.thinking) message.thinking = thinking;
                thinking = undefined;
                message.tool_calls = [
                    ...(message.tool_calls ?? []),
                    { id: item.call_id, function: { name: item.name, arguments: args as Record<string, unknown> } }
                ];
                break;
            }
            case "function_call_output": {
                const name = names.get(item.call_id);
                messages.push({ role: "tool", content: item.output, tool_call_id: item.call_id, ...(name ? { tool_name: name } : {}) });
                break;
            }
        }
    }
    return messages;
}
