/** @module functions/index `GET /`: the liveness answer Ollama's clients probe for. */
import type { FunctionContext } from "../runtime/functions/FunctionContext.js";

export function onRequestGet(_ctx: FunctionContext): Response {
    return new Response("Ollama is running", { headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
