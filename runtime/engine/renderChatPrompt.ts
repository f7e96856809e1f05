/**
 * @module renderChatPrompt
 * The prompt of an `/api/chat` request. The conversation is the Modelfile SYSTEM (unless the
 * request starts with its own system message), then the Modelfile MESSAGEs, then the request's
 * messages (Ollama's order). It is rendered with the Go TEMPLATE when the model has one, else with
 * the GGUF chat template, else with a generic chat layout.
 */
import type { LlamaModel } from "node-llama-cpp";
import type { ChatMessage } from "../models/types.js";
import { renderTemplate } from "../template/renderTemplate.js";
import { chatWrapperFor, fallbackChatWrapper } from "./chatWrapperFor.js";
import { chatHistoryFrom, renderChatHistory } from "./renderChatHistory.js";
import type { RenderedPrompt } from "./RenderedPrompt.js";
import { tokenizePrompt } from "./tokenizePrompt.js";
import type { ChatInput, ModelDefinition } from "./types.js";

export function renderChatPrompt(
    model: LlamaModel,
    definition: Pick<ModelDefinition, "template" | "system" | "messages">,
    input: Pick<ChatInput, "messages">
): RenderedPrompt {
    const messages = conversation(definition, input.messages);

    if (definition.template !== undefined) {
        const last = messages.at(-1);
        const text = renderTemplate(definition.template, {
            System: messages
                .filter((message) => message.role === "system")
                .map((message) => message.content)
                .join("\n\n"),
            Prompt: last?.role === "user" ? last.content : "",
            Suffix: "",
            Response: "",
            Messages: messages.map((message) => ({ Role: message.role, Content: message.content })),
            Tools: [],
            Think: false,
            ThinkLevel: "",
            IsThinkSet: false
        });
        return { tokens: tokenizePrompt(model, text), text, stop: [] };
    }

    return renderChatHistory(model, chatWrapperFor(model) ?? fallbackChatWrapper, chatHistoryFrom(messages));
}

/** Modelfile SYSTEM (unless the request brings one first) + Modelfile MESSAGEs + request messages. */
export function conversation(definition: Pick<ModelDefinition, "system" | "messages">, messages: readonly ChatMessage[]): ChatMessage[] {
    const system = definition.system && messages[0]?.role !== "system" ? [{ role: "system", content: definition.system }] : [];
    return [...system, ...definition.messages, ...messages];
}
