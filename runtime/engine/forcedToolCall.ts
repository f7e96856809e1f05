/**
 * @module forcedToolCall
 * A `tool_choice` that forces a call ("required" or a named function), as the prompt and grammar
 * that make the model write one: the prompt is extended with the opening of a call in the
 * template's own syntax, and a grammar admits only a valid call from there on. Generation stops
 * once the call is complete.
 */
import type { Llama, LlamaGrammar, LlamaModel, Token } from "node-llama-cpp";
import type { Tool } from "../ollama/types.js";
import { forcedTools } from "./forcedTools.js";
import { grammarFor } from "./grammarFor.js";
import { isWholeJson } from "./isWholeJson.js";
import { prefixGbnfRules } from "./prefixGbnfRules.js";
import type { RenderedPrompt } from "./RenderedPrompt.js";
import type { ToolChoice } from "./types.js";

export type ForcedToolCall = {
    prompt: RenderedPrompt;
    grammar: LlamaGrammar;
    /** Output the prompt already wrote for the model, for the parser to read first. */
    opening: string;
    /** True once the output holds the whole call. */
    done(output: string): boolean;
};

export async function forcedToolCall(
    llama: Llama,
    model: LlamaModel,
    prompt: RenderedPrompt,
    tools: readonly Tool[],
    choice: ToolChoice | undefined
): Promise<ForcedToolCall | undefined> {
    const chosen = forcedTools(tools, choice);
    const syntax = prompt.output?.toolCalls;
    if (!chosen || !syntax) return undefined;
    const extend = (text: string): RenderedPrompt =>
        text === ""
            ? prompt
            : { ...prompt, text: prompt.text + text, tokens: [...prompt.tokens, ...(model.tokenize(text, true) as Token[])] };
    const parametersOf = (tool: Tool) => tool.function.parameters ?? { type: "object", properties: {} };

    if (syntax.kind === "json") {
        // `{"name": …, "arguments": …}` after the template's marker: a JSON schema admits exactly that.
        const variants = chosen.map((tool) => ({
            type: "object",
            properties: { name: { const: tool.function.name }, arguments: parametersOf(tool) },
            required: ["name", "arguments"]
        }));
        const schema = variants.length === 1 ? variants[0]! : { oneOf: variants };
        const opening = syntax.prefix === "" ? "" : `${syntax.prefix}\n`;
        return { prompt: extend(opening), grammar: await grammarFor(llama, schema), opening: "", done: isWholeJson };
    }

    // node-llama-cpp's syntax: prefix, name, params prefix, arguments.
    if (chosen.length === 1) {
        const tool = chosen[0]!;
        const opening = tool.function.name + syntax.paramsPrefix;
        return {
            prompt: extend(syntax.prefix + opening),
            grammar: await grammarFor(llama, parametersOf(tool)),
            opening,
            done: isWholeJson
        };
    }
    // Several tools: one grammar of "name, params prefix, arguments of that tool", one branch per tool.
    const branches: string[] = [];
    const rules: string[] = [];
    for (const [i, tool] of chosen.entries()) {
        const parameters = await grammarFor(llama, parametersOf(tool));
        branches.push(`${gbnfLiteral(tool.function.name)} ${gbnfLiteral(syntax.paramsPrefix)} tool${i}-root`);
        rules.push(prefixGbnfRules(parameters.grammar, `tool${i}-`));
    }
    const grammar = await llama.createGrammar({
        grammar: [`root ::= ${branches.map((branch) => `(${branch})`).join(" | ")}`, ...rules].join("\n")
    });
    return {
        prompt: extend(syntax.prefix),
        grammar,
        opening: "",
        done: (output) => {
            const at = output.indexOf(syntax.paramsPrefix);
            return at >= 0 && isWholeJson(output.slice(at + syntax.paramsPrefix.length));
        }
    };
}

function gbnfLiteral(text: string): string {
    return JSON.stringify(text);
}
