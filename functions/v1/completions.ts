/**
 * @module functions/v1/completions
 * `POST /v1/completions`: OpenAI's legacy completions API as an adapter over the native
 * `/api/generate` (the prompt goes through the model's template, as in Ollama). Answers a
 * `text_completion`, or SSE chunks with `stream: true`.
 */
import type { FunctionContext } from "../../runtime/functions/FunctionContext.js";
import type { ErrorFamily, ModelBinding, ModelRequirement } from "../../runtime/functions/types.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";
import { completionChunks } from "../../runtime/openai/completionChunks.js";
import { completionMeta } from "../../runtime/openai/completionMeta.js";
import { reshapeErrorResponse } from "../../runtime/http/reshapeErrorResponse.js";
import { readNativeChunks } from "../../runtime/ollama/readNativeChunks.js";
import type { ResponseChunk } from "../../runtime/ollama/types.js";
import { sseResponse } from "../../runtime/openai/sseResponse.js";
import { textCompletion } from "../../runtime/openai/textCompletion.js";
import { toOllamaGenerateRequest } from "../../runtime/openai/toOllamaGenerateRequest.js";
import { onRequestPost as nativeGenerate } from "../api/generate.js";

export const errors: ErrorFamily = "openai";

export const requires: ModelRequirement = { capability: "completion", action: "generate" };

export const model: ModelBinding = (body) => {
    const { ollama } = toOllamaGenerateRequest(body);
    return { name: ollama.model, options: ollama.options };
};

export async function onRequestPost(ctx: FunctionContext): Promise<Response> {
    const { openai, ollama } = toOllamaGenerateRequest(ctx.body);
    const native = await nativeGenerate({ ...ctx, body: ollama });
    if (!native.ok) return reshapeErrorResponse(native, "openai");
    const chunks = readNativeChunks<ResponseChunk>(native);
    if (openai.stream) {
        return sseResponse(completionChunks(chunks, completionMeta("cmpl", openai.model, openai.stream_options?.include_usage === true)));
    }
    return jsonResponse(await textCompletion(chunks, completionMeta("cmpl", openai.model, false)));
}
