/**
 * @module functions/api/embed
 * `POST /api/embed`: L2-normalised embeddings for a string or a list of strings, with `truncate`
 * (default true) and `dimensions`. An empty input only loads the model.
 */
import * as v from "valibot";
import type { FunctionContext } from "../../runtime/functions/FunctionContext.js";
import type { ModelBinding, ModelRequirement } from "../../runtime/functions/types.js";
import { BadRequestError } from "../../runtime/errors/BadRequestError.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";
import { parseBody } from "../../runtime/http/parseBody.js";
import { keepAliveField, optionsField } from "../../runtime/ollama/requestFields.js";

const embedRequest = v.looseObject({
    model: v.optional(v.string()),
    input: v.optional(v.nullable(v.unknown())),
    truncate: v.optional(v.nullable(v.boolean())),
    dimensions: v.optional(v.nullable(v.pipe(v.number(), v.integer()))),
    options: optionsField,
    keep_alive: keepAliveField
});

export const requires: ModelRequirement = { capability: "embedding", action: "embeddings" };

export const model: ModelBinding = (body) => {
    const request = parseBody(embedRequest, body);
    if (!request.model) throw new BadRequestError("model is required");
    return { name: request.model, ...(request.options ? { options: request.options } : {}), keepAlive: request.keep_alive };
};

export async function onRequestPost({ body, model: warm, signal }: FunctionContext): Promise<Response> {
    const started = process.hrtime.bigint();
    const request = parseBody(embedRequest, body);
    const inputs = inputList(request.input);
    if (inputs.length === 0) return jsonResponse({ model: request.model, embeddings: [] });
    const result = await warm!.embed(
        {
            inputs,
            truncate: request.truncate ?? true,
            normalize: true,
            ...(request.dimensions != null ? { dimensions: request.dimensions } : {})
        },
        signal
    );
    return jsonResponse({
        model: request.model,
        embeddings: result.embeddings,
        total_duration: Number(process.hrtime.bigint() - started) + warm!.loadDurationNs,
        load_duration: warm!.loadDurationNs,
        prompt_eval_count: result.promptEvalCount
    });
}

/** `input` is a string or a list of strings; anything else is Ollama's `invalid input type`. */
function inputList(input: unknown): string[] {
    if (input === undefined || input === null || input === "") return [];
    if (typeof input === "string") return [input];
    if (Array.isArray(input) && input.every((item) => typeof item === "string")) return input as string[];
    throw new BadRequestError("invalid input type: input must be a string or a list of strings");
}
