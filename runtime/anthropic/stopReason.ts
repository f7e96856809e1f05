/**
 * @module stopReason
 * Anthropic's `stop_reason` for a native generation: `tool_use` when the model called a tool,
 * `max_tokens` when it ran out of tokens (`done_reason: "length"`), else `end_turn`. The native
 * `"stop"` covers both the end of the turn and a stop sequence, so `stop_sequence` is never given.
 */
import type { StopReason } from "./types.js";

export function stopReason(doneReason: string | undefined, calledTools: boolean): StopReason {
    if (calledTools) return "tool_use";
    return doneReason === "length" ? "max_tokens" : "end_turn";
}
