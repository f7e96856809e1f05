/**
 * @module toOpenAiToolCall
 * A native tool call as OpenAI writes one: `type: "function"` and `arguments` as a JSON string.
 * Native calls carry ids (`call_xxxxxxxx`); one without gets a fresh id so a client can answer it.
 */
import { toolCallId } from "./completionId.js";
import type { ChunkToolCall } from "../ollama/types.js";

export type OpenAiToolCall = { id: string; type: "function"; function: { name: string; arguments: string } };

export function toOpenAiToolCall(call: ChunkToolCall): OpenAiToolCall {
    const args = call.function.arguments;
    return {
        id: call.id || toolCallId(),
        type: "function",
        function: { name: call.function.name, arguments: typeof args === "string" ? args : JSON.stringify(args ?? {}) }
    };
}
