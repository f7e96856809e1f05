/**
 * @module messagesRequest
 * The body of Anthropic's `POST /v1/messages` and `POST /v1/messages/count_tokens`, checked with
 * valibot. Content blocks are only required to be objects here; contentBlock checks each one by
 * its type, so that a problem is reported at its own path. Unknown fields are allowed and ignored
 * (`metadata`, `service_tier`, `cache_control`, …), as Ollama's Anthropic layer ignores them.
 */
import * as v from "valibot";
import { BadRequestError } from "../errors/BadRequestError.js";
import { parseBody } from "../http/parseBody.js";

/** `content` of a message or a tool result: a string, or blocks that contentBlock checks. */
export const contentField = v.union([v.string(), v.array(v.unknown())]);

const message = v.looseObject({
    // `system` is in the SDK's MessageParam (SystemMessageParam) beside the top-level `system`.
    role: v.picklist(["user", "assistant", "system"]),
    content: contentField
});

const textBlock = v.looseObject({ type: v.literal("text"), text: v.string() });

const tool = v.looseObject({
    /** `custom` (or absent) for a function tool; Anthropic's server tools have versioned types. */
    type: v.optional(v.nullable(v.string())),
    name: v.pipe(v.string(), v.nonEmpty()),
    description: v.optional(v.nullable(v.string())),
    input_schema: v.optional(v.nullable(v.record(v.string(), v.unknown())))
});

const toolChoice = v.variant("type", [
    v.looseObject({ type: v.literal("auto") }),
    v.looseObject({ type: v.literal("any") }),
    v.looseObject({ type: v.literal("none") }),
    v.looseObject({ type: v.literal("tool"), name: v.string() })
]);

const thinking = v.looseObject({
    type: v.picklist(["enabled", "disabled", "adaptive", "between_tools"]),
    /** Accepted, not enforced (as in Ollama): local models have no thinking budget. */
    budget_tokens: v.optional(v.nullable(v.number()))
});

const outputConfig = v.looseObject({
    effort: v.optional(v.nullable(v.picklist(["low", "medium", "high", "xhigh", "max"]))),
    format: v.optional(v.nullable(v.looseObject({ type: v.literal("json_schema"), schema: v.record(v.string(), v.unknown()) })))
});

/** The prompt: everything count_tokens reads. */
const promptFields = {
    model: v.optional(v.string()),
    messages: v.optional(v.array(message)),
    system: v.optional(v.nullable(v.union([v.string(), v.array(textBlock)]))),
    tools: v.optional(v.nullable(v.array(tool))),
    tool_choice: v.optional(v.nullable(toolChoice)),
    thinking: v.optional(v.nullable(thinking)),
    output_config: v.optional(v.nullable(outputConfig))
};

const countTokensSchema = v.looseObject(promptFields);

const messagesSchema = v.looseObject({
    ...promptFields,
    max_tokens: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
    stream: v.optional(v.nullable(v.boolean())),
    temperature: v.optional(v.nullable(v.pipe(v.number(), v.finite()))),
    top_p: v.optional(v.nullable(v.pipe(v.number(), v.finite()))),
    top_k: v.optional(v.nullable(v.pipe(v.number(), v.safeInteger()))),
    stop_sequences: v.optional(v.nullable(v.array(v.string()))),
    metadata: v.optional(v.nullable(v.record(v.string(), v.unknown())))
});

export type RequestMessage = v.InferOutput<typeof message>;
export type CountTokensRequest = v.InferOutput<typeof countTokensSchema> & { model: string; messages: RequestMessage[] };
export type MessagesRequest = v.InferOutput<typeof messagesSchema> & { model: string; messages: RequestMessage[]; max_tokens: number };

/** A count_tokens body, or a 400 naming what is wrong with it. */
export function parseCountTokensRequest(body: unknown): CountTokensRequest {
    const request = parseBody(countTokensSchema, body);
    return { ...request, ...requiredPrompt(request) };
}

/** A messages body, or a 400 naming what is wrong with it. */
export function parseMessagesRequest(body: unknown): MessagesRequest {
    const request = parseBody(messagesSchema, body);
    const prompt = requiredPrompt(request);
    if (request.max_tokens === undefined) throw new BadRequestError("max_tokens: Field required");
    return { ...request, ...prompt, max_tokens: request.max_tokens };
}

/** The fields every request needs, with Anthropic's messages when they are missing. */
function requiredPrompt(request: { model?: string; messages?: RequestMessage[] }): { model: string; messages: RequestMessage[] } {
    if (request.model === undefined) throw new BadRequestError("model: Field required");
    if (request.messages === undefined) throw new BadRequestError("messages: Field required");
    if (request.messages.length === 0) throw new BadRequestError("messages: at least one message is required");
    return { model: request.model, messages: request.messages };
}
