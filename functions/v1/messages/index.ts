/**
 * @module functions/v1/messages
 * `POST /v1/messages`: Anthropic's Messages API as an adapter over the native `/api/chat` handler,
 * as Ollama's Anthropic layer is one. The request is translated to a native chat body, the native
 * handler streams its NDJSON, and its chunks are translated into Anthropic's stream events: sent as
 * server-sent events with `stream: true`, folded into one `Message` otherwise.
 * `x-api-key`, `anthropic-version`, `anthropic-beta` and `Authorization` are accepted and ignored.
 */
import { modelBound } from "../../../runtime/functions/modelBound.js";
import type { ErrorFamily, ModelBinding, ModelRequirement } from "../../../runtime/functions/types.js";
import { anthropicId } from "../../../runtime/anthropic/anthropicId.js";
import { eventStreamResponse } from "../../../runtime/http/eventStreamResponse.js";
import { messageEvents } from "../../../runtime/anthropic/messageEvents.js";
import { messageFromEvents } from "../../../runtime/anthropic/messageFromEvents.js";
import { parseMessagesRequest } from "../../../runtime/anthropic/messagesRequest.js";
import { reshapeErrorResponse } from "../../../runtime/http/reshapeErrorResponse.js";
import { promptTokens } from "../../../runtime/anthropic/promptTokens.js";
import { toOllamaChat } from "../../../runtime/anthropic/toOllamaChat.js";
import { jsonResponse } from "../../../runtime/http/jsonResponse.js";
import type { ResponseChunk } from "../../../runtime/ollama/types.js";
import { readNativeChunks } from "../../../runtime/ollama/readNativeChunks.js";
import { onRequestPost as nativeChat } from "../../api/chat.js";

export const errors: ErrorFamily = "anthropic";

export const requires: ModelRequirement = { capability: "completion", action: "chat" };

/** Checks the whole request (a 400 costs no model load) and names its model. */
export const model: ModelBinding = (body) => {
    const request = parseMessagesRequest(body);
    toOllamaChat(request, { canThink: true });
    return { name: request.model };
};

export const onRequestPost = modelBound(async (ctx): Promise<Response> => {
    const request = parseMessagesRequest(ctx.body);
    const chat = toOllamaChat(request, { canThink: ctx.model.definition.capabilities.includes("thinking") });
    const start = { id: anthropicId("msg"), model: request.model, inputTokens: 0 };

    let chunks: AsyncIterable<ResponseChunk> | Iterable<ResponseChunk>;
    if (request.max_tokens === 0) {
        // Nothing to generate (Anthropic's way to warm a prompt cache): the prompt is only counted.
        const counted = await promptTokens(nativeChat, ctx, chat);
        if (counted instanceof Response) return counted;
        chunks = [{ done: true, done_reason: "length", prompt_eval_count: counted, eval_count: 0 }];
    } else {
        if (request.stream) {
            // message_start carries the prompt's size, which the native stream only tells at its end.
            const counted = await promptTokens(nativeChat, ctx, chat);
            if (counted instanceof Response) return counted;
            start.inputTokens = counted;
        }
        const response = await nativeChat({ ...ctx, body: chat });
        if (!response.ok) return reshapeErrorResponse(response, "anthropic");
        chunks = readNativeChunks<ResponseChunk>(response);
    }

    const events = messageEvents(chunks, start);
    if (request.stream) return eventStreamResponse(events);
    return jsonResponse(await messageFromEvents(events));
});
