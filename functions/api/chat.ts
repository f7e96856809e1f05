/**
 * @module functions/api/chat
 * `POST /api/chat`: the next assistant message, streamed as NDJSON by default. The Modelfile's
 * SYSTEM and MESSAGEs come first. Empty `messages` only loads the model; with `keep_alive: 0` it
 * unloads it. Tools, `think` and `format` shape the output into tool calls, reasoning and JSON;
 * Kettle adds `tool_choice` (OpenAI's) and `_debug_render_only` with the prompt's token count.
 */
import * as v from "valibot";
import { modelBound } from "../../runtime/functions/modelBound.js";
import type { ModelBinding, ModelRequirement } from "../../runtime/functions/types.js";
import { BadRequestError } from "../../runtime/errors/BadRequestError.js";
import { CapabilityError } from "../../runtime/errors/CapabilityError.js";
import { samplingOptionsFor } from "../../runtime/engine/samplingOptionsFor.js";
import type { ChatInput } from "../../runtime/engine/types.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";
import { parseBody } from "../../runtime/http/parseBody.js";
import { finalMetrics } from "../../runtime/ollama/finalMetrics.js";
import { generationResponse, type GenerationOutput } from "../../runtime/ollama/generationResponse.js";
import { isUnloadRequest } from "../../runtime/ollama/isUnloadRequest.js";
import {
    formatField,
    imagesField,
    keepAliveField,
    logprobsField,
    normalizeFormat,
    optionsField,
    thinkField,
    toolCallsField,
    toolChoiceField,
    toolsField,
    topLogprobsField
} from "../../runtime/ollama/requestFields.js";

const message = v.looseObject({
    role: v.pipe(
        v.string(),
        v.toLowerCase(),
        v.picklist(["system", "user", "assistant", "tool"], '"system", "user", "assistant" or "tool"')
    ),
    content: v.optional(v.nullable(v.string()), ""),
    images: imagesField,
    thinking: v.optional(v.nullable(v.string())),
    tool_calls: toolCallsField,
    tool_name: v.optional(v.nullable(v.string())),
    tool_call_id: v.optional(v.nullable(v.string()))
});

const chatRequest = v.looseObject({
    model: v.optional(v.string()),
    messages: v.optional(v.nullable(v.array(message))),
    tools: toolsField,
    tool_choice: toolChoiceField,
    stream: v.optional(v.nullable(v.boolean())),
    format: formatField,
    options: optionsField,
    keep_alive: keepAliveField,
    think: thinkField,
    logprobs: logprobsField,
    top_logprobs: topLogprobsField,
    _debug_render_only: v.optional(v.nullable(v.boolean()))
});

type ChatRequest = v.InferOutput<typeof chatRequest>;

export const requires: ModelRequirement = { capability: "completion", action: "chat" };

export const model: ModelBinding = (body) => {
    const request = parseBody(chatRequest, body);
    if (!request.model) throw new BadRequestError("model is required");
    const empty = !request.messages?.length;
    return {
        name: request.model,
        ...(request.options ? { options: request.options } : {}),
        keepAlive: request.keep_alive,
        ...(isUnloadRequest(empty, request.keep_alive)
            ? {
                  unloadResponse: {
                      model: request.model,
                      created_at: new Date().toISOString(),
                      message: { role: "assistant", content: "" },
                      done_reason: "unload",
                      done: true
                  }
              }
            : {})
    };
};

export const onRequestPost = modelBound(async ({ body, model: warm, signal }): Promise<Response> => {
    const started = process.hrtime.bigint();
    const request = parseBody(chatRequest, body);
    const definition = warm.definition;
    // The binding refused a request without a model; the answer echoes the name the client sent.
    const name = request.model ?? definition.name;
    if (request.tools?.length && !definition.capabilities.includes("tools")) throw new CapabilityError(name, "tools");
    if (request.think && !definition.capabilities.includes("thinking")) throw new CapabilityError(name, "thinking");
    if (request.messages?.some((m) => m.images?.length) && !definition.capabilities.includes("vision")) {
        throw new CapabilityError(name, "images");
    }

    const createdAt = () => new Date().toISOString();
    if (!request.messages?.length) {
        return jsonResponse({
            model: name,
            created_at: createdAt(),
            message: { role: "assistant", content: "" },
            done_reason: "load",
            done: true
        });
    }

    const input = chatInput(request, samplingOptionsFor(definition, request.options ?? undefined));
    if (request._debug_render_only) {
        const rendered = warm.render({ chat: input });
        return jsonResponse({
            model: name,
            created_at: createdAt(),
            message: { role: "assistant", content: "" },
            done: true,
            _debug_info: { rendered_template: rendered.text, image_count: 0 },
            prompt_eval_count: rendered.tokenCount
        });
    }

    const generation = warm.chat(input, signal);
    const message = (chunk: Partial<GenerationOutput>) => ({
        role: "assistant",
        content: chunk.text ?? "",
        ...(chunk.thinking ? { thinking: chunk.thinking } : {}),
        ...(chunk.toolCalls?.length ? { tool_calls: chunk.toolCalls } : {})
    });
    return generationResponse(
        generation,
        {
            piece: (chunk) => ({
                model: name,
                created_at: createdAt(),
                message: message(chunk),
                done: false,
                ...(chunk.logprobs ? { logprobs: chunk.logprobs } : {})
            }),
            final: (stats) => ({
                model: name,
                created_at: createdAt(),
                message: message({}),
                done_reason: stats.doneReason,
                done: true,
                ...finalMetrics(stats, started, warm.loadDurationNs)
            }),
            whole: (final, output) => ({
                ...final,
                message: message(output),
                ...(output.logprobs.length > 0 ? { logprobs: output.logprobs } : {})
            })
        },
        { stream: request.stream !== false, signal }
    );
});

/** The engine's view of a chat request. */
function chatInput(request: ChatRequest, options: ChatInput["options"]): ChatInput {
    const format = normalizeFormat(request.format);
    const choice = request.tool_choice;
    return {
        messages: (request.messages ?? []).map((m) => ({
            role: m.role,
            content: m.content ?? "",
            ...(m.thinking ? { thinking: m.thinking } : {}),
            ...(m.images?.length ? { images: m.images } : {}),
            ...(m.tool_calls?.length
                ? {
                      tool_calls: m.tool_calls.map((call) => ({
                          ...(call.id ? { id: call.id } : {}),
                          function: {
                              ...(call.function.index != null ? { index: call.function.index } : {}),
                              name: call.function.name,
                              arguments: call.function.arguments ?? {}
                          }
                      }))
                  }
                : {}),
            ...(m.tool_name ? { tool_name: m.tool_name } : {}),
            ...(m.tool_call_id ? { tool_call_id: m.tool_call_id } : {})
        })),
        options,
        ...(request.tools?.length
            ? {
                  tools: request.tools.map((tool) => ({
                      type: "function" as const,
                      function: {
                          name: tool.function.name,
                          ...(tool.function.description ? { description: tool.function.description } : {}),
                          ...(tool.function.parameters ? { parameters: tool.function.parameters } : {})
                      }
                  }))
              }
            : {}),
        ...(choice ? { toolChoice: typeof choice === "string" ? choice : { name: choice.function.name } } : {}),
        ...(request.think != null ? { think: request.think } : {}),
        ...(format ? { format } : {}),
        ...(request.logprobs ? { logprobs: { top: request.top_logprobs ?? 0 } } : {})
    };
}
