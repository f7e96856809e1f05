/**
 * @module functions/api/generate
 * `POST /api/generate`: a completion from a warm model, streamed as NDJSON by default. An empty
 * prompt only loads the model (`done_reason: "load"`); with `keep_alive: 0` it unloads it instead.
 */
import * as v from "valibot";
import { modelBound } from "../../runtime/functions/modelBound.js";
import type { ModelBinding, ModelRequirement } from "../../runtime/functions/types.js";
import { BadRequestError } from "../../runtime/errors/BadRequestError.js";
import { CapabilityError } from "../../runtime/errors/CapabilityError.js";
import { ModelNotFoundError } from "../../runtime/errors/ModelNotFoundError.js";
import { samplingOptionsFor } from "../../runtime/engine/samplingOptionsFor.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";
import { parseBody } from "../../runtime/http/parseBody.js";
import { finalMetrics } from "../../runtime/ollama/finalMetrics.js";
import { generationResponse } from "../../runtime/ollama/generationResponse.js";
import { isUnloadRequest } from "../../runtime/ollama/isUnloadRequest.js";
import {
    formatField,
    imagesField,
    keepAliveField,
    logprobsField,
    normalizeFormat,
    optionsField,
    thinkField,
    topLogprobsField
} from "../../runtime/ollama/requestFields.js";
import type { GenerateInput } from "../../runtime/engine/types.js";

const generateRequest = v.looseObject({
    model: v.optional(v.string()),
    prompt: v.optional(v.nullable(v.string())),
    suffix: v.optional(v.nullable(v.string())),
    system: v.optional(v.nullable(v.string())),
    template: v.optional(v.nullable(v.string())),
    context: v.optional(v.nullable(v.array(v.pipe(v.number(), v.safeInteger())))),
    stream: v.optional(v.nullable(v.boolean())),
    raw: v.optional(v.nullable(v.boolean())),
    format: formatField,
    images: imagesField,
    options: optionsField,
    keep_alive: keepAliveField,
    think: thinkField,
    logprobs: logprobsField,
    top_logprobs: topLogprobsField,
    _debug_render_only: v.optional(v.nullable(v.boolean()))
});

export const requires: ModelRequirement = { capability: "completion", action: "generate" };

export const model: ModelBinding = (body) => {
    const request = parseBody(generateRequest, body);
    // Ollama answers a missing model on generate with 404 "model '' not found".
    if (!request.model) throw new ModelNotFoundError("");
    const empty = !request.prompt && !request.images?.length;
    return {
        name: request.model,
        ...(request.options ? { options: request.options } : {}),
        keepAlive: request.keep_alive,
        ...(isUnloadRequest(empty, request.keep_alive)
            ? {
                  unloadResponse: {
                      model: request.model,
                      created_at: new Date().toISOString(),
                      response: "",
                      done: true,
                      done_reason: "unload"
                  }
              }
            : {})
    };
};

export const onRequestPost = modelBound(async ({ body, model: warm, signal }): Promise<Response> => {
    const started = process.hrtime.bigint();
    const request = parseBody(generateRequest, body);
    const definition = warm.definition;
    // The binding refused a request without a model; the answer echoes the name the client sent.
    const name = request.model ?? definition.name;
    if (request.raw && (request.template || request.system || request.context?.length)) {
        throw new BadRequestError("raw mode does not support template, system, or context");
    }
    if (request.suffix && !definition.capabilities.includes("insert")) throw new CapabilityError(definition.name, "insert");
    if (request.think && !definition.capabilities.includes("thinking")) throw new CapabilityError(name, "thinking");
    if (request.images?.length && !definition.capabilities.includes("vision")) throw new CapabilityError(name, "images");

    const createdAt = () => new Date().toISOString();
    if (!request.prompt) {
        return jsonResponse({ model: name, created_at: createdAt(), response: "", done: true, done_reason: "load" });
    }

    const format = normalizeFormat(request.format);
    const input: GenerateInput = {
        prompt: request.prompt,
        ...(request.system != null ? { system: request.system } : {}),
        ...(request.template ? { template: request.template } : {}),
        ...(request.raw ? { raw: true } : {}),
        ...(request.suffix ? { suffix: request.suffix } : {}),
        ...(request.context?.length ? { context: request.context } : {}),
        ...(format ? { format } : {}),
        ...(request.think != null ? { think: request.think } : {}),
        ...(request.logprobs ? { logprobs: { top: request.top_logprobs ?? 0 } } : {}),
        options: samplingOptionsFor(definition, request.options ?? undefined)
    };
    if (request._debug_render_only) {
        const rendered = warm.render({ generate: input });
        return jsonResponse({
            model: name,
            created_at: createdAt(),
            response: "",
            done: true,
            _debug_info: { rendered_template: rendered.text, image_count: 0 },
            prompt_eval_count: rendered.tokenCount
        });
    }
    const generation = warm.generate(input, signal);

    return generationResponse(
        generation,
        {
            piece: (chunk) => ({
                model: name,
                created_at: createdAt(),
                response: chunk.text,
                ...(chunk.thinking ? { thinking: chunk.thinking } : {}),
                done: false,
                ...(chunk.logprobs ? { logprobs: chunk.logprobs } : {})
            }),
            final: (stats) => ({
                model: name,
                created_at: createdAt(),
                response: "",
                done: true,
                done_reason: stats.doneReason,
                ...(stats.context && !request.raw ? { context: stats.context } : {}),
                ...finalMetrics(stats, started, warm.loadDurationNs)
            }),
            whole: (final, output) => ({
                ...final,
                response: output.text,
                ...(output.thinking ? { thinking: output.thinking } : {}),
                ...(output.logprobs.length > 0 ? { logprobs: output.logprobs } : {})
            })
        },
        { stream: request.stream !== false, signal }
    );
});
