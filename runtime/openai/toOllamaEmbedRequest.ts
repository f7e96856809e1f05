/**
 * @module toOllamaEmbedRequest
 * Translates a `/v1/embeddings` body into the native `/api/embed` body. `input` is a string or a
 * list of strings, none empty (token arrays are refused: Kettle cannot know another tokenizer's
 * ids); `encoding_format` is `float` (the default) or `base64`.
 */
import { BadRequestError } from "../errors/BadRequestError.js";
import { parseBody } from "../http/parseBody.js";
import { embeddingRequest, type EmbeddingRequest } from "./embeddingRequest.js";

export type EncodingFormat = "float" | "base64";

export type OllamaEmbedTranslation = {
    openai: EmbeddingRequest & { model: string; encodingFormat: EncodingFormat };
    ollama: { model: string; input: string[]; truncate: true; dimensions?: number; options?: Record<string, unknown> };
};

export function toOllamaEmbedRequest(body: unknown): OllamaEmbedTranslation {
    const request = parseBody(embeddingRequest, body);
    if (!request.model) throw new BadRequestError("model is required");
    const format = request.encoding_format ?? "float";
    if (format !== "float" && format !== "base64") {
        throw new BadRequestError(`Invalid value for 'encoding_format': expected 'float' or 'base64' but got ${JSON.stringify(format)}`);
    }
    const ollama = {
        model: request.model,
        input: inputsOf(request.input),
        truncate: true as const,
        ...(request.dimensions != null ? { dimensions: request.dimensions } : {}),
        ...(request.options ? { options: request.options } : {})
    };
    return { openai: { ...request, model: request.model, encodingFormat: format }, ollama };
}

function inputsOf(input: unknown): string[] {
    const inputs = typeof input === "string" ? [input] : input;
    if (!Array.isArray(inputs) || !inputs.every((item) => typeof item === "string")) {
        if (Array.isArray(inputs) && inputs.some((item) => typeof item === "number" || Array.isArray(item))) {
            throw new BadRequestError("input: token arrays are not supported; send the text as a string or a list of strings");
        }
        throw new BadRequestError("input must be a string or a list of strings");
    }
    if (inputs.length === 0) throw new BadRequestError("input must not be empty");
    const empty = inputs.findIndex((item) => item === "");
    if (empty >= 0) throw new BadRequestError(`input${typeof input === "string" ? "" : `[${empty}]`} must not be an empty string`);
    return inputs as string[];
}
