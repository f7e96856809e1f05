/**
 * @module promptTokens
 * How many tokens the prompt of a chat request is, as the model would see it (template, Modelfile
 * SYSTEM and all): the native handler renders it without generating (`_debug_render_only`) and
 * counts it (`prompt_eval_count`).
 */
import type { FunctionContext, FunctionHandler } from "../functions/FunctionContext.js";
import { reshapeErrorResponse } from "../http/reshapeErrorResponse.js";
import type { ChatRequest } from "../ollama/types.js";

/** The token count, or the native handler's error as an Anthropic error response. */
export async function promptTokens(nativeChat: FunctionHandler, ctx: FunctionContext, chat: ChatRequest): Promise<number | Response> {
    const body = { ...chat, stream: false, _debug_render_only: true };
    const response = await nativeChat({ ...ctx, body });
    if (!response.ok) return reshapeErrorResponse(response, "anthropic");
    const answer = (await response.json()) as { prompt_eval_count?: unknown };
    if (typeof answer.prompt_eval_count !== "number") throw new Error("the native chat answer has no prompt_eval_count");
    return answer.prompt_eval_count;
}
