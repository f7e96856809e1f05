/**
 * @module functions/api/embeddings
 * `POST /api/embeddings`, the legacy single-input endpoint: `{"prompt"}` in, `{"embedding"}` out,
 * NOT normalised (as Ollama returns it). An empty prompt only loads the model. Same path as
 * `/api/embed` (cache, micro-batches).
 */
import * as v from "valibot";
import type { FunctionContext } from "../../runtime/functions/FunctionContext.js";
import type { ModelBinding, RunsOn } from "../../runtime/functions/types.js";
import { BadRequestError } from "../../runtime/errors/BadRequestError.js";
import { embedderFor } from "../../runtime/embeddings/embedderFor.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";
import { parseBody } from "../../runtime/http/parseBody.js";
import { keepAliveField, optionsField } from "../../runtime/ollama/requestFields.js";

const embeddingsRequest = v.looseObject({
    model: v.optional(v.string()),
    prompt: v.optional(v.nullable(v.string())),
    options: optionsField,
    keep_alive: keepAliveField
});

export const runsOn: RunsOn = "control-plane";

export const model: ModelBinding = (body) => {
    const request = parseBody(embeddingsRequest, body);
    if (!request.model) throw new BadRequestError("model is required");
    return { name: request.model, ...(request.options ? { options: request.options } : {}), keepAlive: request.keep_alive };
};

export async function onRequestPost(ctx: FunctionContext): Promise<Response> {
    const request = parseBody(embeddingsRequest, ctx.body);
    if (!request.model) throw new BadRequestError("model is required");
    const outcome = await embedderFor(ctx).embed(
        {
            model: request.model,
            inputs: request.prompt ? [request.prompt] : [],
            truncate: true,
            normalize: false,
            options: request.options ?? undefined,
            keepAlive: request.keep_alive
        },
        ctx.signal
    );
    return jsonResponse({ embedding: outcome.embeddings[0] ?? [] });
}
