/**
 * @module finishReason
 * OpenAI's `finish_reason` from a native `done_reason`: `length` stays `length`; a turn that called
 * tools ends with `tool_calls` (as Ollama's layer reports it, whatever the done reason); anything
 * else (`stop`, and `load` for an empty prompt) is `stop`.
 */
export type FinishReason = "stop" | "length" | "tool_calls";

export function finishReason(doneReason: string | undefined, calledTools = false): FinishReason {
    if (calledTools) return "tool_calls";
    return doneReason === "length" ? "length" : "stop";
}
