/**
 * @module renderChatPrompt
 * The prompt of an `/api/chat` request. The conversation is the Modelfile SYSTEM (unless the
 * request starts with its own system message), then the Modelfile MESSAGEs, then the request's
 * messages (Ollama's order). It is rendered with the Go TEMPLATE when the model has one, else with
 * the GGUF chat template, else with a generic chat layout.
 */
import type { LlamaModel } from "node-llama-cpp";
import type { ChatMessage } from "../ollama/types.js";
import { renderTemplate } from "../template/renderTemplate.js";
import { chatWrapperFor, fallbackChatWrapper } from "./chatWrapperFor.js";
import { chatHistoryFrom, renderChatHistory } from "./renderChatHistory.js";
import type { OutputSyntax, RenderedPrompt } from "./RenderedPrompt.js";
import { templateMessage, templateTool } from "./templateChatValues.js";
import { thinkingSyntax, thinkTemplateValues } from "./thinkingSyntax.js";
import { toolCallSyntaxForTemplate } from "./toolCallSyntaxForTemplate.js";
import { tokenizePrompt } from "./tokenizePrompt.js";
import type { ChatInput, ModelDefinition } from "./types.js";

export function renderChatPrompt(
    model: LlamaModel,
    definition: Pick<ModelDefinition, "template" | "system" | "messages" | "capabilities">,
    input: Pick<ChatInput, "messages" | "tools" | "toolChoice" | "think">
): RenderedPrompt {
    const messages = conversation(definition, input.messages);
    // tool_choice "none": the model is not told about the tools at all.
    const tools = input.toolChoice === "none" ? [] : (input.tools ?? []);
    const thinks = definition.capabilities.includes("thinking");

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
            Messages: messages.map(templateMessage),
            Tools: tools.map(templateTool),
            ...thinkTemplateValues(input.think, thinks)
        });
        const thinking = thinkingSyntax(thinks, input.think, text);
        const output: OutputSyntax = {
            ...(thinking ? { thinking } : {}),
            ...(tools.length > 0 ? { toolCalls: toolCallSyntaxForTemplate(definition.template) } : {})
        };
        return { tokens: tokenizePrompt(model, text), text, stop: [], output };
    }

    return renderChatHistory(model, chatWrapperFor(model) ?? fallbackChatWrapper, chatHistoryFrom(messages), {
        tools,
        thinking: thinks ? input.think : false
    });
}

/** Modelfile SYSTEM (unless the request brings one first) + Modelfile MESSAGEs + request messages. */
export function conversation(definition: Pick<ModelDefinition, "system" | "messages">, messages: readonly ChatMessage[]): ChatMessage[] {
    const system = definition.system && messages[0]?.role !== "system" ? [{ role: "system", content: definition.system }] : [];
    return [...system, ...definition.messages, ...messages];
}
