/**
 * @module functions/api/chat
 * `POST /api/chat`: the next assistant message, streamed as NDJSON by default. The Modelfile's
 * SYSTEM and MESSAGEs come first. Empty `messages` only loads the model; with `keep_alive: 0` it
 * unloads it. Tools, `think` and `format` shape the output into tool calls, reasoning and JSON;
 * Kettle adds `tool_choice` (OpenAI's) and `_debug_render_only` with the prompt's token count.
 */
import { modelBound } from "../../runtime/functions/modelBound.js";
import type { ModelBinding, ModelRequirement } from "../../runtime/functions/types.js";
import { BadRequestError } from "../../runtime/errors/BadRequestError.js";
import { CapabilityError } from "../../runtime/errors/CapabilityError.js";
import { samplingOptionsFor } from "../../runtime/engine/samplingOptionsFor.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";
import { parseBody } from "../../runtime/http/parseBody.js";
import { finalMetrics } from "../../runtime/ollama/finalMetrics.js";
import { generationResponse, type GenerationOutput } from "../../runtime/ollama/generationResponse.js";
import { isUnloadRequest } from "../../runtime/ollama/isUnloadRequest.js";
import { chatInput, chatRequest } from "../../runtime/ollama/chatRequest.js";

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
