/**
 * @module RenderedPrompt
 * A prompt ready for the decode loop: its tokens, its text (for debugging and tests) and the stop
 * sequences its template implies (e.g. ChatML's `<|im_end|>`), on top of the request's own `stop`.
 */
import type { Token } from "node-llama-cpp";

export type RenderedPrompt = {
    tokens: Token[];
    text: string;
    stop: string[];
    /** How to split the output into thinking, content and tool calls; absent = all content. */
    output?: OutputSyntax;
};

/** The markers a template puts around reasoning and tool calls, as the model is expected to write them. */
export type OutputSyntax = {
    /** Reasoning between `open` and `close`; `startsInside` when the prompt already opened it. */
    thinking?: { open: string; close: string; startsInside: boolean; keep: boolean };
    toolCalls?: ToolCallSyntax;
};

/**
 * How a tool call is written. `json`: after `prefix` (may be empty) come JSON objects
 * `{"name", "arguments"}` (or an array of them), then `suffix`. `named`: `prefix`, the function name,
 * `paramsPrefix`, the arguments as JSON, then `suffix` (node-llama-cpp chat wrappers).
 */
export type ToolCallSyntax =
    { kind: "json"; prefix: string; suffix: string } | { kind: "named"; prefix: string; paramsPrefix: string; suffix: string };
