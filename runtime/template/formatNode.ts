/**
 * @module formatNode
 * Go's Node.String(): how a node is shown in error messages (`unexpected {{end}}`,
 * `executing "" at <index .Messages 5>`).
 */
import { quoteGoString } from "./quoteGoString.js";
import type { ArgNode, CommandNode, DelimiterNode, Node, PipeNode } from "./types.js";

function formatPipe(pipe: PipeNode): string {
    let text = "";
    if (pipe.decl.length > 0) {
        text = pipe.decl.map(formatNode).join(", ") + (pipe.isAssign ? " = " : " := ");
    }
    return text + pipe.cmds.map(formatNode).join(" | ");
}

function formatCommand(command: CommandNode): string {
    return command.args.map((arg) => (arg.kind === "pipe" ? `(${formatPipe(arg)})` : formatNode(arg))).join(" ");
}

export function formatNode(node: Node | ArgNode | CommandNode | DelimiterNode): string {
    switch (node.kind) {
        case "list":
            return node.nodes.map(formatNode).join("");
        case "text":
            return node.text;
        case "action":
            return `{{${formatPipe(node.pipe)}}}`;
        case "if":
        case "range":
        case "with": {
            const elsePart = node.elseList ? `{{else}}${formatNode(node.elseList)}` : "";
            return `{{${node.kind} ${formatPipe(node.pipe)}}}${formatNode(node.list)}${elsePart}{{end}}`;
        }
        case "template":
            return node.pipe
                ? `{{template ${quoteGoString(node.name)} ${formatPipe(node.pipe)}}}`
                : `{{template ${quoteGoString(node.name)}}}`;
        case "break":
        case "continue":
        case "end":
        case "else":
            return `{{${node.kind}}}`;
        case "pipe":
            return formatPipe(node);
        case "command":
            return formatCommand(node);
        case "field":
            return "." + node.ident.join(".");
        case "variable":
            return node.ident.join(".");
        case "chain": {
            const base = node.node.kind === "pipe" ? `(${formatPipe(node.node)})` : formatNode(node.node);
            return base + node.field.map((field) => "." + field).join("");
        }
        case "identifier":
            return node.ident;
        case "dot":
            return ".";
        case "nil":
            return "nil";
        case "bool":
            return node.value ? "true" : "false";
        case "number":
            return node.text;
        case "string":
            return node.quoted;
    }
}
