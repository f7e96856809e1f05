/**
 * @module forcedTools
 * Which tools a `tool_choice` forces the model to call from ("required" or a named function), and
 * the request errors of a choice that cannot be honoured.
 */
import { BadRequestError } from "../errors/BadRequestError.js";
import type { Tool } from "../ollama/types.js";
import { checkJsonSchema } from "./checkJsonSchema.js";
import type { ToolChoice } from "./types.js";

/**
 * The tools a forced choice lets the model call (all of them for "required", the named one
 * otherwise), with their parameter schemas checked; undefined when the choice leaves the model free.
 */
export function forcedTools(tools: readonly Tool[], choice: ToolChoice | undefined): readonly Tool[] | undefined {
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
    return chosen;
}
