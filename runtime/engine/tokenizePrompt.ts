/**
 * @module tokenizePrompt
 * Prompt text to tokens the way llama.cpp's server does it: special-token text (`<|im_start|>`) is
 * parsed as special tokens, and BOS is prepended when the vocabulary asks for it. node-llama-cpp's
 * `tokenize` never adds BOS, and without it the model's first tokens come out differently.
 */
import type { LlamaModel, Token } from "node-llama-cpp";

export function tokenizePrompt(model: LlamaModel, text: string): Token[] {
    return withBos(model, model.tokenize(text, true));
}

/** `tokens` with BOS in front when the model wants one and it is not there yet. */
export function withBos(model: LlamaModel, tokens: Token[]): Token[] {
    const bos = model.tokens.bos;
    if (bos === null || !model.tokens.shouldPrependBosToken || tokens[0] === bos) return tokens;
    return [bos, ...tokens];
}
