/**
 * @module functions/v1/embeddings
 * `POST /v1/embeddings`: OpenAI's embeddings API as an adapter over the native `/api/embed`
 * (vectors L2-normalised), as floats or base64 float32 (`encoding_format`). Runs on the control
 * plane, like `/api/embed`.
 */
import type { FunctionContext } from "../../runtime/functions/FunctionContext.js";
import type { ErrorFamily, ModelBinding, RunsOn } from "../../runtime/functions/types.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";
import { embeddingList } from "../../runtime/openai/embeddingList.js";
import { reshapeErrorResponse } from "../../runtime/http/reshapeErrorResponse.js";
import { toOllamaEmbedRequest } from "../../runtime/openai/toOllamaEmbedRequest.js";
import { onRequestPost as nativeEmbed } from "../api/embed.js";

export const errors: ErrorFamily = "openai";

export const runsOn: RunsOn = "control-plane";

export const model: ModelBinding = (body) => {
    const { ollama } = toOllamaEmbedRequest(body);
    return { name: ollama.model, ...(ollama.options ? { options: ollama.options } : {}) };
};

export async function onRequestPost(ctx: FunctionContext): Promise<Response> {
    const { openai, ollama } = toOllamaEmbedRequest(ctx.body);
    const native = await nativeEmbed({ ...ctx, body: ollama });
    if (!native.ok) return reshapeErrorResponse(native, "openai");
    const result = (await native.json()) as { embeddings: number[][]; prompt_eval_count?: number };
    return jsonResponse(embeddingList(result, openai.model, openai.encodingFormat));
}
