/**
 * @module renderChatHistory
 * Renders a conversation through a node-llama-cpp chat wrapper into prompt tokens. The wrapper's
 * stop triggers become stop sequences; triggers that are an end-of-generation token are left out,
 * since generation already ends on those tokens.
 */
import { SpecialToken, SpecialTokensText, type ChatHistoryItem, type ChatWrapper, type LlamaModel, type LlamaText } from "node-llama-cpp";
import type { ChatMessage } from "../models/types.js";
import type { RenderedPrompt } from "./RenderedPrompt.js";
import { withBos } from "./tokenizePrompt.js";

export function renderChatHistory(model: LlamaModel, wrapper: ChatWrapper, history: ChatHistoryItem[]): RenderedPrompt {
    const state = wrapper.generateContextState({ chatHistory: history });
    const rendered = state.contextText.tokenize(model.tokenizer);
    const tokens = withBos(model, rendered);
    const stop = new Set<string>();
    for (const trigger of state.stopGenerationTriggers) {
        const text = triggerText(model, trigger);
        if (text !== undefined && text !== "") stop.add(text);
    }
    // The text mirrors the tokens, so it shows a BOS added in front too.
    const addedBos = tokens.length > rendered.length ? model.detokenize(tokens.slice(0, 1), true) : "";
    return { tokens, text: addedBos + textOf(model, state.contextText), stop: [...stop] };
}

/**
 * Ollama's messages as node-llama-cpp history. A final assistant message is left open (no
 * generation prompt after it), so the model continues it, as Ollama does; otherwise an empty model
 * turn asks for the reply.
 */
export function chatHistoryFrom(messages: readonly ChatMessage[]): ChatHistoryItem[] {
    const history: ChatHistoryItem[] = messages.map((message): ChatHistoryItem => {
        switch (message.role) {
            case "system":
                return { type: "system", text: message.content };
            case "assistant":
                return { type: "model", response: [message.content] };
            default:
                // user, and tool results (wrappers without function calling have no other place for them)
                return { type: "user", text: message.content };
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
function textOf(model: LlamaModel, text: LlamaText): string {
    return text.values
        .map((value) => {
            if (typeof value === "string") return value;
            if (value instanceof SpecialTokensText) return value.value;
            return model.detokenize(value.tokenize(model.tokenizer), true);
        })
        .join("");
}
