/**
 * @module forcedToolCallSchema
 * The JSON schema a forced tool call must match (`tool_choice` "required" or a named function):
 * `{"name": <one of the tools>, "arguments": <that tool's parameters>}`. Compiled to a grammar, it
 * makes even a model that never learned tool calling produce a call that parses and validates.
 */
import { BadRequestError } from "../errors/BadRequestError.js";
import type { Tool } from "../models/types.js";
import { checkJsonSchema } from "./checkJsonSchema.js";
import type { ToolChoice } from "./types.js";

/** The schema for a forced call, or undefined when the choice leaves the model free. */
export function forcedToolCallSchema(tools: readonly Tool[], choice: ToolChoice | undefined): Record<string, unknown> | undefined {
    if (choice === undefined || choice === "auto" || choice === "none") return undefined;
    if (tools.length === 0) throw new BadRequestError(`tool_choice ${JSON.stringify(choice)} needs at least one tool in "tools"`);
    const wanted = choice === "required" ? undefined : choice.name;
    const chosen = wanted === undefined ? tools : tools.filter((tool) => tool.function.name === wanted);
    if (chosen.length === 0) {
        const names = tools.map((tool) => tool.function.name).join(", ");
        throw new BadRequestError(`tool_choice names the function "${wanted}", which is not among the tools (${names})`);
    }
    for (const tool of chosen) {
        if (tool.function.parameters)
            checkJsonSchema(tool.function.parameters, `invalid parameters schema for tool "${tool.function.name}"`);
    }
    const variants = chosen.map((tool) => ({
        type: "object",
        properties: {
            name: { const: tool.function.name },
            arguments: tool.function.parameters ?? { type: "object", properties: {} }
        },
        required: ["name", "arguments"]
    }));
    return variants.length === 1 ? variants[0] : { oneOf: variants };
}
