/**
 * @module rankingTokens
 * The tokens a reranker scores a query and a document as, laid out as llama.cpp's server does
 * (format_prompt_rerank): the model's rerank template (`tokenizer.chat_template.rerank`, with
 * `{query}` and `{document}`) when it has one; else BOS, the query, EOS, SEP, the document, EOS,
 * each only where the vocabulary adds it (EOS falling back to SEP). A pair too long for the
 * context has its document cut, unless truncation is off.
 */
import type { LlamaModel, Token } from "node-llama-cpp";
import { BadRequestError } from "../errors/BadRequestError.js";
import { InputTooLongError } from "./InputTooLongError.js";

export function rankingTokens(model: LlamaModel, query: string, document: string, contextSize: number, truncate: boolean): Token[] {
    const room = contextSize - 1;
    const tokenizer = (model.fileInfo.metadata as { tokenizer?: Record<string, unknown> } | undefined)?.tokenizer ?? {};
    const template = tokenizer["chat_template.rerank"];
    let head: Token[];
    let tail: Token[];
    if (typeof template === "string" && template.includes("{query}") && template.includes("{document}")) {
        const whole = model.tokenize(template.replaceAll("{query}", query).replaceAll("{document}", document), true);
        if (whole.length <= room) return whole;
        const [before, after] = template.replaceAll("{query}", query).split("{document}") as [string, string];
        head = model.tokenize(before, true);
        tail = model.tokenize(after, true);
    } else {
        const { bos, eos, sep } = model.tokens;
        const end = eos ?? sep;
        const addSep = (tokenizer.ggml as Record<string, unknown> | undefined)?.add_sep_token === true;
        head = [
            ...(model.tokens.shouldPrependBosToken && bos !== null ? [bos] : []),
            ...model.tokenize(query, false),
            ...(model.tokens.shouldAppendEosToken && end !== null ? [end] : []),
            ...(addSep && sep !== null ? [sep] : [])
        ];
        tail = model.tokens.shouldAppendEosToken && end !== null ? [end] : [];
    }
    const tokens = [...head, ...fit(model.tokenize(document, false), room - head.length - tail.length, truncate), ...tail];
    if (tokens.length === 0) throw new BadRequestError("a rerank input has no tokens");
    return tokens;
}

function fit(document: Token[], room: number, truncate: boolean): Token[] {
    if (document.length <= room) return document;
    if (!truncate || room <= 0) throw new InputTooLongError();
    return document.slice(0, room);
}
