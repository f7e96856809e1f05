/**
 * @module functions/api/tokenize
 * `POST /api/tokenize {model, content, add_special?, with_pieces?}` → `{model, tokens}` (which
 * Ollama lacks; llama-server's `/tokenize`): the token ids of `content`, special-token text parsed
 * as special tokens, BOS first only with `add_special`; with `with_pieces`, `{id, piece}` objects.
 * With `messages` (and `tools`, `think`) instead of `content`, the prompt `/api/chat` would evaluate
 * for them (template, Modelfile SYSTEM and all) is tokenized, so a client can count a conversation
 * before sending it. Runs on the control plane on the model's vocabulary: no weights are loaded.
 */
import * as v from "valibot";
import type { LlamaModel, Token } from "node-llama-cpp";
import { renderChatPrompt } from "../../runtime/engine/renderChatPrompt.js";
import { samplingOptionsFor } from "../../runtime/engine/samplingOptionsFor.js";
import { withBos } from "../../runtime/engine/tokenizePrompt.js";
import { BadRequestError } from "../../runtime/errors/BadRequestError.js";
import { CapabilityError } from "../../runtime/errors/CapabilityError.js";
import type { ModelBinding, RunsOn } from "../../runtime/functions/types.js";
import { controlPlane } from "../../runtime/functions/controlPlane.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";
import { parseBody } from "../../runtime/http/parseBody.js";
import { chatInput, chatMessage } from "../../runtime/ollama/chatRequest.js";
import { thinkField, toolsField } from "../../runtime/ollama/requestFields.js";

const tokenizeRequest = v.looseObject({
    model: v.optional(v.string()),
    content: v.optional(v.nullable(v.string())),
    messages: v.optional(v.nullable(v.array(chatMessage))),
    tools: toolsField,
    think: thinkField,
    add_special: v.optional(v.nullable(v.boolean())),
    with_pieces: v.optional(v.nullable(v.boolean()))
});

export const runsOn: RunsOn = "control-plane";

function parseTokenizeRequest(body: unknown) {
    const request = parseBody(tokenizeRequest, body);
    if (!request.model) throw new BadRequestError("model is required", { param: "model" });
    const hasContent = request.content !== undefined && request.content !== null;
    if (hasContent === (request.messages !== undefined && request.messages !== null)) {
        throw new BadRequestError("give either content or messages to tokenize");
    }
    return { ...request, model: request.model };
}

/** Names the model (the body is read and parsed once, before the handler runs). */
export const model: ModelBinding = (body) => ({ name: parseTokenizeRequest(body).model });

export const onRequestPost = controlPlane(async ({ body, services }): Promise<Response> => {
    const request = parseTokenizeRequest(body);
    const { definition, model: vocabulary } = await services.vocabulary(request.model);
    let tokens: number[];
    if (request.messages) {
        if (request.think && !definition.capabilities.includes("thinking")) throw new CapabilityError(request.model, "thinking");
        const input = chatInput(
            { messages: request.messages, tools: request.tools, think: request.think },
            samplingOptionsFor(definition, undefined)
        );
        tokens = renderChatPrompt(vocabulary, definition, input).tokens;
    } else {
        const parsed = vocabulary.tokenize(request.content!, true);
        tokens = request.add_special ? withBos(vocabulary, parsed) : parsed;
    }
    return jsonResponse({
        model: request.model,
        tokens: request.with_pieces ? withPieces(vocabulary, tokens) : tokens
    });
});

/** Each token with its text; the tokens before it are given as context, so a word's leading space is kept. */
function withPieces(vocabulary: LlamaModel, tokens: number[]): { id: number; piece: string }[] {
    return tokens.map((id, i) => ({
        id,
        piece: vocabulary.detokenize([id as Token], true, tokens.slice(Math.max(0, i - 4), i) as Token[])
    }));
}
