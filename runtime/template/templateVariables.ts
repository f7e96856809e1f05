/**
 * @module templateVariables
 * Ollama's Template.Vars(): the lower-cased, sorted names of the fields and variables a template
 * mentions (".Messages" → "messages"). Ollama uses it to choose between the Messages form and the
 * legacy Prompt/Response form, to append {{ .Response }} when a template lacks it, and to infer
 * capabilities (.Tools → tools, .Suffix → insert).
 */
import type { ArgNode, Node, ParsedTemplate, PipeNode } from "./types.js";

function identifiers(node: Node | ArgNode | null, names: string[]): void {
    if (!node) return;
    switch (node.kind) {
        case "list":
            for (const child of node.nodes) identifiers(child, names);
            return;
        case "action":
        case "template":
            identifiers(node.pipe, names);
            return;
        case "if":
        case "range":
        case "with":
            identifiers(node.pipe, names);
            identifiers(node.list, names);
            identifiers(node.elseList, names);
            return;
        case "pipe":
            for (const command of (node as PipeNode).cmds) for (const arg of command.args) identifiers(arg, names);
            return;
        case "field":
        case "variable":
            names.push(...node.ident);
            return;
    }
}

export function templateVariables(template: ParsedTemplate): string[] {
    const names: string[] = [];
    for (const root of [template.root, ...template.templates.values()]) identifiers(root, names);
    return [...new Set(names.map((name) => name.toLowerCase()))].sort();
}
