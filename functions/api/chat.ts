/**
 * @module functions/api/chat
 * `POST /api/chat`: the next assistant message, streamed as NDJSON by default. The Modelfile's
 * SYSTEM and MESSAGEs come first. Empty `messages` only loads the model; with `keep_alive: 0` it
 * unloads it.
 */
import * as v from "valibot";
import type { FunctionContext } from "../../runtime/functions/FunctionContext.js";
import type { ModelBinding, ModelRequirement } from "../../runtime/functions/types.js";
import { BadRequestError } from "../../runtime/errors/BadRequestError.js";
import { CapabilityError } from "../../runtime/errors/CapabilityError.js";
import { samplingOptionsFor } from "../../runtime/engine/samplingOptionsFor.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";
import { parseBody } from "../../runtime/http/parseBody.js";
import { finalMetrics } from "../../runtime/ollama/finalMetrics.js";
import { generationResponse } from "../../runtime/ollama/generationResponse.js";
import { isUnloadRequest } from "../../runtime/ollama/isUnloadRequest.js";
import { formatField, imagesField, keepAliveField, normalizeFormat, optionsField, thinkField } from "../../runtime/ollama/requestFields.js";

const message = v.looseObject({
    role: v.pipe(
        v.string(),
        v.toLowerCase(),
        v.picklist(["system", "user", "assistant", "tool"], '"system", "user", "assistant" or "tool"')
    ),
    content: v.optional(v.nullable(v.string()), ""),
    images: imagesField,
    thinking: v.optional(v.nullable(v.string())),
    tool_calls: v.optional(v.nullable(v.array(v.unknown()))),
    tool_name: v.optional(v.nullable(v.string()))
});

const chatRequest = v.looseObject({
    model: v.optional(v.string()),
    messages: v.optional(v.nullable(v.array(message))),
    tools: v.optional(v.nullable(v.array(v.unknown()))),
    stream: v.optional(v.nullable(v.boolean())),
    format: formatField,
    options: optionsField,
    keep_alive: keepAliveField,
    think: thinkField
});

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

export async function onRequestPost({ body, model: warm, signal }: FunctionContext): Promise<Response> {
    const started = process.hrtime.bigint();
    const request = parseBody(chatRequest, body);
    const name = request.model!;
    const definition = warm!.definition;
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

    const format = normalizeFormat(request.format);
    const generation = warm!.chat(
        {
            messages: request.messages.map((m) => ({ role: m.role, content: m.content ?? "" })),
            options: samplingOptionsFor(definition, request.options ?? undefined),
            ...(format ? { format } : {})
        },
        signal
    );

    const message = (content: string) => ({ role: "assistant", content });
    return generationResponse(
        generation,
        {
            piece: (text) => ({ model: name, created_at: createdAt(), message: message(text), done: false }),
            final: (stats) => ({
                model: name,
                created_at: createdAt(),
                message: message(""),
                done_reason: stats.doneReason,
                done: true,
                ...finalMetrics(stats, started, warm!.loadDurationNs)
            }),
            whole: (final, text) => ({ ...final, message: message(text) })
        },
        { stream: request.stream !== false, signal }
    );
}
