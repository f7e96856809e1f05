/**
 * @module renderGeneratePrompt
 * The prompt of an `/api/generate` request, as Ollama builds it: raw prompts as they are; else the
 * Go TEMPLATE (request's, then Modelfile's) with Ollama's template variables; else the GGUF chat
 * template with the system and prompt as one user turn; else, with no template at all, the prompt
 * text itself (Ollama's default template is `{{ .Prompt }}`). `context` tokens from an earlier
 * response go in front.
 */
import type { LlamaModel, Token } from "node-llama-cpp";
import { BadRequestError } from "../errors/BadRequestError.js";
import type { ChatMessage } from "../ollama/types.js";
import { renderTemplate } from "../template/renderTemplate.js";
import { chatWrapperFor } from "./chatWrapperFor.js";
import { chatHistoryFrom, renderChatHistory } from "./renderChatHistory.js";
import type { RenderedPrompt } from "./RenderedPrompt.js";
import { thinkingSyntax, thinkTemplateValues } from "./thinkingSyntax.js";
import { tokenizePrompt } from "./tokenizePrompt.js";
import type { GenerateInput, ModelDefinition } from "./types.js";

export function renderGeneratePrompt(
    model: LlamaModel,
    definition: Pick<ModelDefinition, "template" | "system" | "messages" | "capabilities">,
    input: Pick<GenerateInput, "prompt" | "system" | "template" | "raw" | "suffix" | "context" | "think">
): RenderedPrompt {
    if (input.context !== undefined) checkContextTokens(model, input.context);
    if (input.raw === true) return fromText(model, input.prompt, input.context);

    const system = input.system ?? definition.system;
    const template = input.template ?? definition.template;
    // Seeded MESSAGEs belong to a fresh conversation; a continued one already has them in its context.
    const seeded = input.context === undefined || input.context.length === 0 ? definition.messages : [];
    const messages: ChatMessage[] = [
        ...(system ? [{ role: "system", content: system }] : []),
        ...seeded,
        { role: "user", content: input.prompt }
    ];

    const thinks = definition.capabilities.includes("thinking");
    if (template !== undefined) {
        const text = renderTemplate(template, {
            System: system ?? "",
            Prompt: input.prompt,
            Suffix: input.suffix ?? "",
            Response: "",
            Messages: messages.map((message) => ({ Role: message.role, Content: message.content })),
            Tools: [],
            ...thinkTemplateValues(input.think, thinks)
        });
        const thinking = thinkingSyntax(thinks, input.think, text);
        return { ...fromText(model, text, input.context), ...(thinking ? { output: { thinking } } : {}) };
    }

    if (input.suffix !== undefined && input.suffix !== "") {
        const infill = infillPrompt(model, input.prompt, input.suffix);
        if (infill) return infill;
    }

    const wrapper = chatWrapperFor(model);
    if (wrapper) {
        const rendered = renderChatHistory(model, wrapper, chatHistoryFrom(messages), { thinking: thinks ? input.think : false });
        return prependContext(model, rendered, input.context);
    }
    return fromText(model, system ? `${system}\n\n${input.prompt}` : input.prompt, input.context);
}

function fromText(model: LlamaModel, text: string, context: readonly number[] | undefined): RenderedPrompt {
    if (context === undefined || context.length === 0) {
        const tokens = tokenizePrompt(model, text);
        return { tokens, text, stop: [] };
    }
    // The context already starts with BOS; the new text continues it.
    const tokens = [...(context as Token[]), ...model.tokenize(text, true)];
    return { tokens, text: model.detokenize(tokens, true), stop: [] };
}

function prependContext(model: LlamaModel, rendered: RenderedPrompt, context: readonly number[] | undefined): RenderedPrompt {
    if (context === undefined || context.length === 0) return rendered;
    const bos = model.tokens.bos;
    const rest = bos !== null && rendered.tokens[0] === bos ? rendered.tokens.slice(1) : rendered.tokens;
    const tokens = [...(context as Token[]), ...rest];
    return { ...rendered, tokens, text: model.detokenize(tokens, true) };
}

/** Fill-in-the-middle with the model's FIM tokens (prefix, suffix, middle order), when it has them. */
function infillPrompt(model: LlamaModel, prefix: string, suffix: string): RenderedPrompt | undefined {
    const { prefix: pre, suffix: suf, middle: mid } = model.tokens.infill;
    if (pre === null || suf === null || mid === null) return undefined;
    const bos = model.tokens.bos;
    const tokens = [
        ...(bos !== null && model.tokens.shouldPrependBosToken ? [bos] : []),
        pre,
        ...model.tokenize(prefix, false),
        suf,
        ...model.tokenize(suffix, false),
        mid
    ];
    return { tokens, text: model.detokenize(tokens, true), stop: [] };
}

/** `context` comes from the client: a token outside the vocabulary would crash llama.cpp's detokenizer (a native abort). */
function checkContextTokens(model: LlamaModel, context: readonly number[]): void {
    const vocabularySize = model.fileInfo.metadata.tokenizer?.ggml?.tokens?.length ?? Number.MAX_SAFE_INTEGER;
    for (const token of context) {
        if (!Number.isInteger(token) || token < 0 || token >= vocabularySize) {
            throw new BadRequestError(`invalid context: ${token} is not a token of this model`);
        }
    }
}
