/**
 * @module chatRequest
 * The body of Ollama's `/api/chat` (valibot: JSON types, roles, tools, format, options), and the
 * engine's view of it ({@link chatInput}). Shared by the endpoint and by `/api/tokenize`, which
 * renders the same conversation to count it.
 */
import * as v from "valibot";
import type { ChatInput } from "../engine/types.js";
import {
    formatField,
    imagesField,
    keepAliveField,
    logprobsField,
    normalizeFormat,
    optionsField,
    thinkField,
    toolCallsField,
    toolChoiceField,
    toolsField,
    topLogprobsField
} from "./requestFields.js";

export const chatMessage = v.looseObject({
    role: v.pipe(
        v.string(),
        v.toLowerCase(),
        v.picklist(["system", "user", "assistant", "tool"], '"system", "user", "assistant" or "tool"')
    ),
    content: v.optional(v.nullable(v.string()), ""),
    images: imagesField,
    thinking: v.optional(v.nullable(v.string())),
    tool_calls: toolCallsField,
    tool_name: v.optional(v.nullable(v.string())),
    tool_call_id: v.optional(v.nullable(v.string()))
});

export const chatRequest = v.looseObject({
    model: v.optional(v.string()),
    messages: v.optional(v.nullable(v.array(chatMessage))),
    tools: toolsField,
    tool_choice: toolChoiceField,
    stream: v.optional(v.nullable(v.boolean())),
    format: formatField,
    options: optionsField,
    keep_alive: keepAliveField,
    think: thinkField,
    logprobs: logprobsField,
    top_logprobs: topLogprobsField,
    _debug_render_only: v.optional(v.nullable(v.boolean()))
});

export type ChatRequest = v.InferOutput<typeof chatRequest>;

/** The engine's view of a chat request. */
export function chatInput(request: ChatRequest, options: ChatInput["options"]): ChatInput {
    const format = normalizeFormat(request.format);
    const choice = request.tool_choice;
    return {
        messages: (request.messages ?? []).map((m) => ({
            role: m.role,
            content: m.content ?? "",
            ...(m.thinking ? { thinking: m.thinking } : {}),
            ...(m.images?.length ? { images: m.images } : {}),
            ...(m.tool_calls?.length
                ? {
                      tool_calls: m.tool_calls.map((call) => ({
                          ...(call.id ? { id: call.id } : {}),
                          function: {
                              ...(call.function.index != null ? { index: call.function.index } : {}),
                              name: call.function.name,
                              arguments: call.function.arguments ?? {}
                          }
                      }))
                  }
                : {}),
            ...(m.tool_name ? { tool_name: m.tool_name } : {}),
            ...(m.tool_call_id ? { tool_call_id: m.tool_call_id } : {})
        })),
        options,
        ...(request.tools?.length
            ? {
                  tools: request.tools.map((tool) => ({
                      type: "function" as const,
                      function: {
                          name: tool.function.name,
                          ...(tool.function.description ? { description: tool.function.description } : {}),
                          ...(tool.function.parameters ? { parameters: tool.function.parameters } : {})
                      }
                  }))
              }
            : {}),
        ...(choice ? { toolChoice: typeof choice === "string" ? choice : { name: choice.function.name } } : {}),
        ...(request.think != null ? { think: request.think } : {}),
        ...(format ? { format } : {}),
        ...(request.logprobs ? { logprobs: { top: request.top_logprobs ?? 0 } } : {})
    };
}
