/**
 * @module promptTokens
 * How many tokens the prompt of a chat request is, as the model would see it (template, Modelfile
 * SYSTEM and all): the native handler renders it without generating (`_debug_render_only`) and
 * counts it (`prompt_eval_count`). Should the native handler not know that flag, `num_predict: 1`
 * keeps what it generates to one token; its `prompt_eval_count` is the same count.
 */
import type { FunctionContext, FunctionHandler } from "../functions/FunctionContext.js";
import { nativeErrorResponse } from "./nativeErrorResponse.js";
import type { OllamaChatRequest } from "./toOllamaChat.js";

/** The token count, or the native handler's error as an Anthropic error response. */
export async function promptTokens(nativeChat: FunctionHandler, ctx: FunctionContext, chat: OllamaChatRequest): Promise<number | Response> {
    const body = { ...chat, stream: false, _debug_render_only: true, options: { ...chat.options, num_predict: 1 } };
    const response = await nativeChat({ ...ctx, body });
    if (!response.ok) return nativeErrorResponse(response);
    // One JSON object; the last line if it ever comes as NDJSON.
    const lines = (await response.text()).split("\n").filter((line) => line.trim() !== "");
    const answer = JSON.parse(lines.at(-1) ?? "{}") as { prompt_eval_count?: unknown };
    if (typeof answer.prompt_eval_count !== "number") throw new Error("the native chat answer has no prompt_eval_count");
    return answer.prompt_eval_count;
}
