/**
 * @module embeddingTokens
 * The tokens an embedding input is evaluated as, as Ollama and llama.cpp prepare them: the text's
 * tokens with the beginning and end tokens its vocabulary adds (BOS, and SEP or EOS for BERT-style
 * and T5-style vocabularies), cut to fit the context, or refused when truncation is off.
 */
import { LlamaVocabularyType, type LlamaModel, type Token } from "node-llama-cpp";
import { BadRequestError } from "../errors/BadRequestError.js";
import { InputTooLongError } from "./InputTooLongError.js";

export function embeddingTokens(model: LlamaModel, text: string, contextSize: number, truncate: boolean): Token[] {
    const { first, last } = addedTokens(model);
    let tokens = model.tokenize(text, true);
    if (first !== null && tokens[0] === first) tokens = tokens.slice(1);
    if (last !== null && tokens.at(-1) === last) tokens = tokens.slice(0, -1);
    const added = (first !== null ? 1 : 0) + (last !== null ? 1 : 0);
    // The whole sequence must be shorter than the context; the text gets what the added tokens leave.
    const room = Math.max(0, contextSize - 1 - added);
    if (tokens.length > room) {
        if (!truncate) throw new InputTooLongError();
        tokens = tokens.slice(0, room);
    }
    const sequence = [...(first !== null ? [first] : []), ...tokens, ...(last !== null ? [last] : [])];
    if (sequence.length === 0) throw new BadRequestError("an embedding input has no tokens");
    return sequence;
}

function addedTokens(model: LlamaModel): { first: Token | null; last: Token | null } {
    const { tokens } = model;
    switch (model.vocabularyType) {
        case LlamaVocabularyType.rwkv:
            return { first: null, last: null };
        case LlamaVocabularyType.wpm:
            return { first: tokens.bos, last: tokens.sep };
        case LlamaVocabularyType.ugm:
            return { first: null, last: tokens.eos };
        default:
            return { first: tokens.shouldPrependBosToken ? tokens.bos : null, last: tokens.shouldAppendEosToken ? tokens.eos : null };
    }
}
