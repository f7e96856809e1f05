/**
 * @module functions/v1/messages/count_tokens
 * `POST /v1/messages/count_tokens` (which Ollama lacks): `{"input_tokens": N}`, the number of
 * tokens of the prompt that `/v1/messages` would give the model for the same `model`, `system`,
 * `messages` and `tools`, counted by the model's own tokenizer after its template is applied.
 */
import { modelBound } from "../../../runtime/functions/modelBound.js";
import type { ErrorFamily, ModelBinding, ModelRequirement } from "../../../runtime/functions/types.js";
import { parseCountTokensRequest } from "../../../runtime/anthropic/messagesRequest.js";
import { promptTokens } from "../../../runtime/anthropic/promptTokens.js";
import { toOllamaChat } from "../../../runtime/anthropic/toOllamaChat.js";
import { jsonResponse } from "../../../runtime/http/jsonResponse.js";
import { onRequestPost as nativeChat } from "../../api/chat.js";

export const errors: ErrorFamily = "anthropic";

export const requires: ModelRequirement = { capability: "completion", action: "chat" };

export const model: ModelBinding = (body) => {
    const request = parseCountTokensRequest(body);
    toOllamaChat(request, { canThink: true });
    return { name: request.model };
};

export const onRequestPost = modelBound(async (ctx): Promise<Response> => {
    const request = parseCountTokensRequest(ctx.body);
    const chat = toOllamaChat(request, { canThink: ctx.model.definition.capabilities.includes("thinking") });
    const counted = await promptTokens(nativeChat, ctx, chat);
    if (counted instanceof Response) return counted;
    return jsonResponse({ input_tokens: counted });
});
