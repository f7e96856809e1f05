/**
 * @module renderChatHistory
 * Renders a conversation through a node-llama-cpp chat wrapper into prompt tokens. The wrapper's
 * stop triggers become stop sequences; triggers that are an end-of-generation token are left out,
 * since generation already ends on those tokens.
 */
import {
    LlamaText,
    SpecialToken,
    SpecialTokensText,
    type ChatHistoryItem,
    type ChatModelResponse,
    type ChatWrapper,
    type GbnfJsonSchema,
    type LlamaModel
} from "node-llama-cpp";
import type { ChatMessage, Tool } from "../ollama/types.js";
import type { OutputSyntax, RenderedPrompt } from "./RenderedPrompt.js";
import { thinkingSyntax } from "./thinkingSyntax.js";
import type { ThinkSetting } from "./types.js";
import { withBos } from "./tokenizePrompt.js";

export type HistoryOptions = {
    /** Tools the model may call, rendered the wrapper's way. */
    tools?: readonly Tool[];
    /** The request's `think`; false for a model that does not reason. */
    thinking?: ThinkSetting;
};

export function renderChatHistory(
    model: LlamaModel,
    wrapper: ChatWrapper,
    history: ChatHistoryItem[],
    options: HistoryOptions = {}
): RenderedPrompt {
    const tools = options.tools ?? [];
    const availableFunctions =
        tools.length > 0
            ? Object.fromEntries(
                  tools.map((tool) => [
                      tool.function.name,
                      {
                          ...(tool.function.description ? { description: tool.function.description } : {}),
                          ...(tool.function.parameters ? { params: tool.function.parameters as GbnfJsonSchema } : {})
                      }
                  ])
              )
            : undefined;
    const state = wrapper.generateContextState({
        chatHistory: history,
        ...(availableFunctions ? { availableFunctions, documentFunctionParams: true } : {})
    });
    const rendered = state.contextText.tokenize(model.tokenizer);
    const tokens = withBos(model, rendered);
    const stop = new Set<string>();
    for (const trigger of state.stopGenerationTriggers) {
        const text = triggerText(model, trigger);
        if (text !== undefined && text !== "") stop.add(text);
    }
    // The text mirrors the tokens, so it shows a BOS added in front too.
    const addedBos = tokens.length > rendered.length ? model.detokenize(tokens.slice(0, 1), true) : "";
    const text = addedBos + textOf(model, state.contextText);
    return { tokens, text, stop: [...stop], output: outputSyntax(model, wrapper, text, tools.length > 0, options.thinking) };
}

/** The wrapper's own markers for reasoning and function calls. */
function outputSyntax(
    model: LlamaModel,
    wrapper: ChatWrapper,
    text: string,
    tools: boolean,
    think: ThinkSetting | undefined
): OutputSyntax {
    const output: OutputSyntax = {};
    const thought = wrapper.settings.segments?.thought;
    if (think !== false && thought?.suffix !== undefined) {
        // "openedOnStart": the reply starts inside the reasoning, with no marker to open it.
        const open = typeof thought.prefix === "object" && "type" in thought.prefix ? "" : textOf(model, thought.prefix);
        const thinking = thinkingSyntax(true, think, text, { open, close: textOf(model, thought.suffix) });
        if (thinking && thinking.close !== "") output.thinking = open === "" ? { ...thinking, startsInside: true } : thinking;
    }
    if (tools) {
        const call = wrapper.settings.functions.call;
        const prefix = textOf(model, call.prefix);
        if (prefix.trim() !== "") {
            output.toolCalls = {
                kind: "named",
                prefix: prefix.trim(),
                paramsPrefix: textOf(model, call.paramsPrefix),
                suffix: textOf(model, call.suffix)
            };
        }
    }
    return output;
}

/**
 * Ollama's messages as node-llama-cpp history. An assistant's tool calls become function calls
 * carrying the results of the `tool` messages that answer them (by id, else by name, in order). A
 * final assistant message is left open (no generation prompt after it), so the model continues it,
 * as Ollama does; otherwise an empty model turn asks for the reply.
 */
export function chatHistoryFrom(messages: readonly ChatMessage[]): ChatHistoryItem[] {
    const answered = new Set<number>();
    const history: ChatHistoryItem[] = [];
    messages.forEach((message, at) => {
        if (answered.has(at)) return;
        switch (message.role) {
            case "system":
                history.push({ type: "system", text: message.content });
                return;
            case "assistant": {
                const response: ChatModelResponse["response"] = [];
                if (message.content !== "") response.push(message.content);
                for (const call of message.tool_calls ?? []) {
                    const resultAt = messages.findIndex(
                        (other, i) =>
                            i > at &&
                            !answered.has(i) &&
                            other.role === "tool" &&
                            (call.id && other.tool_call_id
                                ? other.tool_call_id === call.id
                                : (other.tool_name ?? call.function.name) === call.function.name)
                    );
                    if (resultAt >= 0) answered.add(resultAt);
                    response.push({
                        type: "functionCall",
                        name: call.function.name,
                        params: call.function.arguments,
                        result: resultAt >= 0 ? messages[resultAt]!.content : ""
                    });
                }
                history.push({ type: "model", response });
                return;
            }
            default:
                // user, and tool results that answer no call
                history.push({ type: "user", text: message.content });
        }
    });
    if (history.at(-1)?.type !== "model") history.push({ type: "model", response: [] });
    return history;
}

function triggerText(model: LlamaModel, trigger: LlamaText): string | undefined {
    const isEog = trigger.values.some(
        (value) => value instanceof SpecialToken && value.tokenize(model.tokenizer).some((token) => model.isEogToken(token))
    );
    return isEog ? undefined : textOf(model, trigger);
}

/**
 * A wrapper's text as the template wrote it (special tokens by their text). Detokenizing the tokens
 * instead would show the spaces SentencePiece adds in front of each separately tokenized piece.
 */
function textOf(model: LlamaModel, text: LlamaText | string): string {
    if (typeof text === "string") return text;
    return LlamaText(text)
        .values.map((value) => {
            if (typeof value === "string") return value;
            if (value instanceof SpecialTokensText) return value.value;
            return model.detokenize(value.tokenize(model.tokenizer), true);
        })
        .join("");
}
