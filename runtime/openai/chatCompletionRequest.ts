/**
 * @module chatCompletionRequest
 * The valibot schema of a `/v1/chat/completions` body. It checks JSON types only; what the values
 * mean (roles' content parts, tool_choice against tools, response_format) is checked while
 * translating (toOllamaChatRequest), with messages that name the field.
 */
import * as v from "valibot";
import { samplingFields } from "./samplingFields.js";

const toolCall = v.looseObject({
    id: v.optional(v.nullable(v.string())),
    type: v.optional(v.nullable(v.string())),
    function: v.looseObject({
        name: v.string(),
        // A JSON string per OpenAI's spec; an already parsed object is accepted too.
        arguments: v.optional(v.nullable(v.union([v.string(), v.record(v.string(), v.unknown())])))
    })
});

const contentPart = v.looseObject({ type: v.string() });

const message = v.looseObject({
    role: v.pipe(v.string(), v.toLowerCase(), v.picklist(["system", "developer", "user", "assistant", "tool"])),
    content: v.optional(v.nullable(v.union([v.string(), v.array(contentPart)]))),
    name: v.optional(v.nullable(v.string())),
    tool_calls: v.optional(v.nullable(v.array(toolCall))),
    tool_call_id: v.optional(v.nullable(v.string())),
    /** Ollama extension: an assistant message's reasoning, sent back as native `thinking`. */
    reasoning: v.optional(v.nullable(v.string()))
});

const tool = v.looseObject({
    type: v.string(),
    function: v.optional(
        v.looseObject({
            name: v.string(),
            description: v.optional(v.nullable(v.string())),
            parameters: v.optional(v.nullable(v.record(v.string(), v.unknown())))
        })
    )
});

const responseFormat = v.looseObject({
    type: v.string(),
    json_schema: v.optional(
        v.nullable(
            v.looseObject({
                name: v.optional(v.nullable(v.string())),
                description: v.optional(v.nullable(v.string())),
                schema: v.optional(v.nullable(v.record(v.string(), v.unknown()))),
                strict: v.optional(v.nullable(v.boolean()))
            })
        )
    )
});

export const chatCompletionRequest = v.looseObject({
    ...samplingFields,
    messages: v.optional(v.nullable(v.array(message))),
    max_completion_tokens: v.optional(v.nullable(v.pipe(v.number(), v.safeInteger()))),
    tools: v.optional(v.nullable(v.array(tool))),
    tool_choice: v.optional(v.nullable(v.union([v.string(), v.looseObject({ type: v.string() })]))),
    response_format: v.optional(v.nullable(responseFormat)),
    reasoning_effort: v.optional(v.nullable(v.string())),
    reasoning: v.optional(v.nullable(v.looseObject({ effort: v.optional(v.nullable(v.string())) }))),
    logprobs: v.optional(v.nullable(v.boolean())),
    top_logprobs: v.optional(v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(20))))
});

export type ChatCompletionRequest = v.InferOutput<typeof chatCompletionRequest>;
export type ChatMessage = NonNullable<ChatCompletionRequest["messages"]>[number];
