/**
 * @module toOllamaTools
 * Native `tools` and `tool_choice` (a Kettle extension of `/api/chat`) from OpenAI's. Only
 * function tools exist. `tool_choice` is `none`, `auto`, `required` or `{type: "function",
 * function: {name}}`, and must agree with `tools`: a named function that is not among them, or
 * `required` without tools, is a 400.
 */
import { BadRequestError } from "../errors/BadRequestError.js";
import type { Tool, ToolChoice } from "../ollama/types.js";
import type { ChatCompletionRequest } from "./chatCompletionRequest.js";

export function toOllamaTools(request: Pick<ChatCompletionRequest, "tools" | "tool_choice">): {
    tools?: Tool[];
    tool_choice?: ToolChoice;
} {
    const tools = (request.tools ?? []).map((tool, i): Tool => {
        if (tool.type !== "function" || !tool.function) {
            throw new BadRequestError(`tools[${i}]: only tools of type "function" are supported, not ${JSON.stringify(tool.type)}`);
        }
        const { name, description, parameters } = tool.function;
        return {
            type: "function",
            function: { name, ...(description ? { description } : {}), ...(parameters ? { parameters } : {}) }
        };
    });
    const choice = toolChoice(request.tool_choice, tools);
    return { ...(tools.length ? { tools } : {}), ...(choice && tools.length ? { tool_choice: choice } : {}) };
}

function toolChoice(choice: ChatCompletionRequest["tool_choice"], tools: Tool[]): ToolChoice | undefined {
    if (choice === undefined || choice === null) return undefined;
    if (typeof choice === "string") {
        if (choice !== "none" && choice !== "auto" && choice !== "required") {
            throw new BadRequestError(
                `invalid tool_choice ${JSON.stringify(choice)}: expected "none", "auto", "required" or a named function`
            );
        }
        if (choice === "required" && tools.length === 0)
            throw new BadRequestError(`tool_choice "required" needs at least one tool in tools`);
        return choice;
    }
    const name = (choice as { function?: { name?: unknown } }).function?.name;
    if (choice.type !== "function" || typeof name !== "string") {
        throw new BadRequestError(`invalid tool_choice: expected {"type": "function", "function": {"name": "..."}}`);
    }
    if (!tools.some((tool) => tool.function.name === name)) {
        throw new BadRequestError(`tool_choice names the function ${JSON.stringify(name)}, which is not in tools`);
    }
    return { type: "function", function: { name } };
}
