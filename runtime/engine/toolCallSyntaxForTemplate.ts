/**
 * @module toolCallSyntaxForTemplate
 * How a Modelfile TEMPLATE writes an assistant's tool calls, found the way Ollama finds it: render
 * a conversation whose last assistant turn makes a probe call, render it again with plain text
 * instead, and read the marker before the call's JSON (`<tool_call>`, `[TOOL_CALLS]`, or none) and
 * the one after it. The model is expected to write its calls the same way.
 */
import { renderTemplate } from "../template/renderTemplate.js";
import type { ToolCallSyntax } from "./RenderedPrompt.js";
import { scanJsonValue } from "./scanJsonValue.js";
import { templateMessage, templateTool } from "./templateChatValues.js";

const probeName = "kettle_probe_function";
const probeContent = "kettle_probe_content";
const cache = new Map<string, ToolCallSyntax>();

export function toolCallSyntaxForTemplate(template: string): ToolCallSyntax {
    let syntax = cache.get(template);
    if (!syntax) {
        syntax = detect(template);
        if (cache.size > 64) cache.clear();
        cache.set(template, syntax);
    }
    return syntax;
}

function detect(template: string): ToolCallSyntax {
    const fallback: ToolCallSyntax = { kind: "json", prefix: "", suffix: "" };
    let withCall: string;
    let withText: string;
    try {
        withCall = render(template, {
            role: "assistant",
            content: "",
            tool_calls: [{ function: { name: probeName, arguments: { a: 1 } } }]
        });
        withText = render(template, { role: "assistant", content: probeContent });
    } catch {
        return fallback;
    }
    const nameAt = withCall.lastIndexOf(probeName);
    const textAt = withText.indexOf(probeContent);
    if (nameAt < 0 || textAt < 0) return fallback;
    let common = 0;
    while (common < withCall.length && common < withText.length && withCall[common] === withText[common]) common++;
    const objectAt = withCall.lastIndexOf("{", nameAt);
    if (objectAt < common) return fallback;
    let prefix = withCall.slice(common, objectAt).trim();
    let jsonAt = objectAt;
    if (prefix.endsWith("[")) {
        // A list of calls: the bracket belongs to the JSON.
        prefix = prefix.slice(0, -1).trim();
        jsonAt = withCall.lastIndexOf("[", objectAt);
    }
    const scan = scanJsonValue(withCall, jsonAt);
    if (scan.kind !== "complete") return fallback;
    // After the call, the template writes its closing marker, then what any assistant turn ends with.
    const after = withCall.slice(scan.end);
    const textAfter = withText.slice(textAt + probeContent.length);
    let shared = 0;
    while (shared < after.length && shared < textAfter.length && after.at(-1 - shared) === textAfter.at(-1 - shared)) shared++;
    return { kind: "json", prefix, suffix: after.slice(0, after.length - shared).trim() };
}

function render(template: string, assistant: Parameters<typeof templateMessage>[0]): string {
    const messages = [{ role: "user", content: "hi" }, assistant].map(templateMessage);
    return renderTemplate(template, {
        System: "",
        Prompt: "",
        Suffix: "",
        Response: "",
        Messages: messages,
        Tools: [templateTool({ type: "function", function: { name: probeName, parameters: { type: "object" } } })],
        Think: false,
        ThinkLevel: "",
        IsThinkSet: false
    });
}
