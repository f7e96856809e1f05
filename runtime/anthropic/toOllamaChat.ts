/**
 * @module toOllamaChat
 * An Anthropic request as the body of the native `/api/chat` handler, always streamed:
 * - `max_tokens` → `num_predict`; `temperature`, `top_p`, `top_k` keep their names; `stop_sequences` → `stop`;
 * - `thinking` enabled (or adaptive) → `think: true`, disabled → `think: false`; without it,
 *   `output_config.effort` picks a think level. A model that cannot think gets no `think` at all,
 *   so the request works as on Ollama instead of failing;
 * - `output_config.format` (a JSON schema) → `format`;
 * - `tools` and `tool_choice` as toOllamaTools translates them.
 */
import type { CountTokensRequest, MessagesRequest } from "./messagesRequest.js";
import type { ChatRequest } from "../ollama/types.js";
import { toOllamaMessages } from "./toOllamaMessages.js";
import { toOllamaTools } from "./toOllamaTools.js";

/** count_tokens has no sampling fields; messages has them all. */
export type AnthropicPrompt = CountTokensRequest &
    Partial<Pick<MessagesRequest, "max_tokens" | "temperature" | "top_p" | "top_k" | "stop_sequences">>;

export function toOllamaChat(request: AnthropicPrompt, model: { canThink: boolean }): ChatRequest {
    const options: Record<string, unknown> = {};
    if (request.max_tokens !== undefined) options.num_predict = request.max_tokens;
    if (typeof request.temperature === "number") options.temperature = request.temperature;
    if (typeof request.top_p === "number") options.top_p = request.top_p;
    if (typeof request.top_k === "number") options.top_k = request.top_k;
    if (request.stop_sequences?.length) options.stop = request.stop_sequences;

    const think = model.canThink ? thinkOf(request) : undefined;
    const format = request.output_config?.format?.schema;
    return {
        model: request.model,
        messages: toOllamaMessages(request.system, request.messages),
        stream: true,
        options,
        ...toOllamaTools(request),
        ...(think !== undefined ? { think } : {}),
        ...(format ? { format } : {})
    };
}

function thinkOf(request: AnthropicPrompt): ChatRequest["think"] {
    if (request.thinking) return request.thinking.type !== "disabled";
    const effort = request.output_config?.effort;
    // Ollama's Anthropic layer reads xhigh as high: local levels stop at max, kept for the top.
    if (effort === "xhigh") return "high";
    return effort ?? undefined;
}
