/**
 * @module functions/api/embeddings
 * `POST /api/embeddings`, the legacy single-input endpoint: `{"prompt"}` in, `{"embedding"}` out,
 * NOT normalised (as Ollama returns it). An empty prompt only loads the model.
 */
import * as v from "valibot";
import type { FunctionContext } from "../../runtime/functions/FunctionContext.js";
import type { ModelBinding, ModelRequirement } from "../../runtime/functions/types.js";
import { BadRequestError } from "../../runtime/errors/BadRequestError.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";
import { parseBody } from "../../runtime/http/parseBody.js";
import { keepAliveField, optionsField } from "../../runtime/ollama/requestFields.js";

const embeddingsRequest = v.looseObject({
    model: v.optional(v.string()),
    prompt: v.optional(v.nullable(v.string())),
    options: optionsField,
    keep_alive: keepAliveField
});

export const requires: ModelRequirement = { capability: "embedding", action: "embeddings" };

export const model: ModelBinding = (body) => {
    const request = parseBody(embeddingsRequest, body);
    if (!request.model) throw new BadRequestError("model is required");
    return { name: request.model, ...(request.options ? { options: request.options } : {}), keepAlive: request.keep_alive };
};

export async function onRequestPost({ body, model: warm, signal }: FunctionContext): Promise<Response> {
    const request = parseBody(embeddingsRequest, body);
    if (!request.prompt) return jsonResponse({ embedding: [] });
    const result = await warm!.embed({ inputs: [request.prompt], truncate: true, normalize: false }, signal);
    return jsonResponse({ embedding: result.embeddings[0] });
}
