/**
 * @module toOllamaTools
 * Anthropic's `tools` and `tool_choice` as the native request's `tools` and Kettle's `tool_choice`
 * extension: `auto` → "auto", `any` → "required", `none` → "none", `tool` → that function by name.
 * Only custom tools (name, description, input_schema) exist locally; Anthropic's server tools
 * (web search, code execution, …) are a 400. `disable_parallel_tool_use` is accepted and ignored.
 */
import { BadRequestError } from "../errors/BadRequestError.js";
import type { Tool, ToolChoice } from "../ollama/types.js";
import type { CountTokensRequest } from "./messagesRequest.js";

export function toOllamaTools(request: Pick<CountTokensRequest, "tools" | "tool_choice">): {
    tools?: Tool[];
    tool_choice?: ToolChoice;
} {
    const tools = (request.tools ?? []).map((tool, i): Tool => {
        if (tool.type !== undefined && tool.type !== null && tool.type !== "custom") {
            throw new BadRequestError(
                `tools.${i}.type: server tool "${tool.type}" is not supported; only custom tools (name, input_schema) are`
            );
        }
        return {
            type: "function",
            function: {
                name: tool.name,
                ...(tool.description ? { description: tool.description } : {}),
                ...(tool.input_schema ? { parameters: tool.input_schema } : {})
            }
        };
    });
    const choice = request.tool_choice ? toolChoice(request.tool_choice, tools) : undefined;
    return { ...(tools.length ? { tools } : {}), ...(choice ? { tool_choice: choice } : {}) };
}

function toolChoice(choice: NonNullable<CountTokensRequest["tool_choice"]>, tools: readonly Tool[]): ToolChoice {
    switch (choice.type) {
        case "auto":
            return "auto";
        case "none":
            return "none";
        case "any":
            return "required";
        case "tool":
            if (!tools.some((tool) => tool.function.name === choice.name)) {
                throw new BadRequestError(`tool_choice.name: "${choice.name}" is not the name of one of the tools`);
            }
            return { type: "function", function: { name: choice.name } };
    }
}
