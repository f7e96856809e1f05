/**
 * @module IncrementalDetokenizer
 * Turns generated tokens into text one token at a time without ever cutting a UTF-8 character:
 * byte-fallback and byte-level tokenizers split characters (emoji, CJK) across tokens, and each
 * piece alone decodes to U+FFFD. Such tokens are held back until the character is complete.
 */
import type { Token } from "node-llama-cpp";

/** node-llama-cpp's `model.detokenize` (`lastTokens` gives the text before, so leading spaces come out right). */
export type DetokenizeFn = (tokens: readonly Token[], specialTokens?: boolean, lastTokens?: readonly Token[]) => string;

/** A UTF-8 character has at most 4 bytes, so at most 4 byte tokens; beyond that a U+FFFD is real. */
const maxPendingTokens = 4;
/** Enough preceding tokens for the tokenizer to decide about a leading space. */
const contextTokens = 8;

export class IncrementalDetokenizer {
    readonly #detokenize: DetokenizeFn;
    readonly #specialTokens: boolean;
    #previous: Token[];
    #pending: Token[] = [];

    /** `previous`: the tokens before the first one pushed (the prompt), for spacing. */
    constructor(detokenize: DetokenizeFn, options: { specialTokens?: boolean; previous?: readonly Token[] } = {}) {
        this.#detokenize = detokenize;
        this.#specialTokens = options.specialTokens ?? true;
        this.#previous = (options.previous ?? []).slice(-contextTokens);
    }

    /** Adds a token; returns the text that is now complete (possibly empty). */
    push(token: Token): string {
        this.#pending.push(token);
        const text = this.#detokenize(this.#pending, this.#specialTokens, this.#previous);
        if (text.endsWith("\uFFFD") && this.#pending.length < maxPendingTokens) return "";
        return this.#commit(text);
    }

    /** The text of any tokens still held back (at the end of the generation), even if incomplete. */
    flush(): string {
        if (this.#pending.length === 0) return "";
        return this.#commit(this.#detokenize(this.#pending, this.#specialTokens, this.#previous));
    }

    #commit(text: string): string {
        this.#previous = [...this.#previous, ...this.#pending].slice(-contextTokens);
        this.#pending = [];
        return text;
    }
}
