/**
 * @module responsesRequest
 * The valibot schema of a `POST /v1/responses` body (OpenAI's Responses API). It checks JSON types;
 * what input items and their content parts mean is checked while they are read (inputItems), with
 * messages that name the field. Unknown fields are allowed and ignored, as OpenAI-compatible
 * servers do (`include`, `service_tier`, `truncation`, `user`, …).
 */
import * as v from "valibot";
import { BadRequestError } from "../errors/BadRequestError.js";
import { optionsField } from "../ollama/requestFields.js";
import { metadataField } from "../openai/metadataField.js";
import { parseBody } from "../http/parseBody.js";

const number = v.optional(v.nullable(v.pipe(v.number(), v.finite())));

const functionTool = v.looseObject({
    type: v.string(),
    name: v.optional(v.string()),
    description: v.optional(v.nullable(v.string())),
    parameters: v.optional(v.nullable(v.record(v.string(), v.unknown()))),
    strict: v.optional(v.nullable(v.boolean()))
});

const textFormat = v.looseObject({
    type: v.string(),
    name: v.optional(v.nullable(v.string())),
    description: v.optional(v.nullable(v.string())),
    schema: v.optional(v.nullable(v.record(v.string(), v.unknown()))),
    strict: v.optional(v.nullable(v.boolean()))
});


export const responsesRequest = v.looseObject({
    model: v.optional(v.string()),
    input: v.optional(v.union([v.string(), v.array(v.looseObject({}))])),
    instructions: v.optional(v.nullable(v.string())),
    max_output_tokens: v.optional(v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(1)))),
    temperature: number,
    top_p: number,
    tools: v.optional(v.nullable(v.array(functionTool))),
    tool_choice: v.optional(v.nullable(v.union([v.string(), v.looseObject({ type: v.string(), name: v.optional(v.string()) })]))),
    parallel_tool_calls: v.optional(v.nullable(v.boolean())),
    text: v.optional(v.nullable(v.looseObject({ format: v.optional(v.nullable(textFormat)) }))),
    reasoning: v.optional(
        v.nullable(v.looseObject({ effort: v.optional(v.nullable(v.string())), summary: v.optional(v.nullable(v.string())) }))
    ),
    metadata: metadataField,
    stream: v.optional(v.nullable(v.boolean())),
    store: v.optional(v.nullable(v.boolean())),
    previous_response_id: v.optional(v.nullable(v.string())),
    /** Kettle extension: Ollama's `options` (`num_ctx`, `top_k`, …). */
    options: optionsField,
    keep_alive: v.optional(v.nullable(v.union([v.string(), v.number()])))
});

export type ResponsesRequest = v.InferOutput<typeof responsesRequest> & { model: string; input: string | Record<string, unknown>[] };

export function parseResponsesRequest(body: unknown): ResponsesRequest {
    const request = parseBody(responsesRequest, body);
    if (!request.model) throw new BadRequestError("model is required", { param: "model" });
    if (request.input === undefined) throw new BadRequestError("input is required", { param: "input" });
    return request as ResponsesRequest;
}
