/**
 * @module functions/v1/chat/completions
 * `POST /v1/chat/completions`: OpenAI's chat API as an adapter over the native `/api/chat`. The
 * body is translated into a native one (always streamed), the native handler runs with the warm
 * model, and its NDJSON is turned into a `chat.completion` or, with `stream: true`, into SSE
 * `chat.completion.chunk` events. Kettle's `_debug_render_only` answers as `/api/chat` does: the
 * rendered prompt and its token count, nothing generated.
 */
import type { FunctionContext } from "../../../runtime/functions/FunctionContext.js";
import type { ErrorFamily, ModelBinding, ModelRequirement } from "../../../runtime/functions/types.js";
import { jsonResponse } from "../../../runtime/http/jsonResponse.js";
import { chatCompletion } from "../../../runtime/openai/chatCompletion.js";
import { chatCompletionChunks } from "../../../runtime/openai/chatCompletionChunks.js";
import { completionMeta } from "../../../runtime/openai/completionMeta.js";
import { reshapeErrorResponse } from "../../../runtime/http/reshapeErrorResponse.js";
import { readNativeChunks } from "../../../runtime/ollama/readNativeChunks.js";
import type { ResponseChunk } from "../../../runtime/ollama/types.js";
import { sseResponse } from "../../../runtime/openai/sseResponse.js";
import { toOllamaChatRequest } from "../../../runtime/openai/toOllamaChatRequest.js";
import { onRequestPost as nativeChat } from "../../api/chat.js";

export const errors: ErrorFamily = "openai";

export const requires: ModelRequirement = { capability: "completion", action: "chat" };

export const model: ModelBinding = (body) => {
    const { ollama } = toOllamaChatRequest(body);
    return { name: ollama.model, options: ollama.options };
};

export async function onRequestPost(ctx: FunctionContext): Promise<Response> {
    const { openai, ollama } = toOllamaChatRequest(ctx.body);
    if ((ctx.body as { _debug_render_only?: unknown } | undefined)?._debug_render_only === true) {
        // The native answer as it is: its `_debug_info` has no OpenAI counterpart.
        const rendered = await nativeChat({ ...ctx, body: { ...ollama, stream: false, _debug_render_only: true } });
        return rendered.ok ? rendered : reshapeErrorResponse(rendered, "openai");
    }
    const native = await nativeChat({ ...ctx, body: ollama });
    if (!native.ok) return reshapeErrorResponse(native, "openai");
    const chunks = readNativeChunks<ResponseChunk>(native);
    if (openai.stream) {
        return sseResponse(
            chatCompletionChunks(chunks, completionMeta("chatcmpl", openai.model, openai.stream_options?.include_usage === true))
        );
    }
    return jsonResponse(await chatCompletion(chunks, completionMeta("chatcmpl", openai.model, false)));
}
