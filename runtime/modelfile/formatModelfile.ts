/**
 * @module formatModelfile
 * Writes commands back as Modelfile text in the style of Ollama's `show --modelfile`
 * (parser.Command.String): one instruction per line, values quoted only when they must be.
 */
import { quoteModelfileValue } from "./quoteModelfileValue.js";
import type { ModelfileCommand } from "./types.js";

export interface FormatModelfileOptions {
    /** Text written first as `# ` comment lines, then a blank line. Defaults to no header. */
    header?: string;
}

export function formatModelfile(
    commands: readonly Pick<ModelfileCommand, "name" | "args">[],
    options: FormatModelfileOptions = {}
): string {
    const out: string[] = [];
    if (options.header !== undefined) {
        for (const line of options.header.split("\n")) out.push(line === "" ? "#" : `# ${line}`);
        out.push("");
    }
    for (const command of commands) out.push(formatCommand(command));
    return out.map((line) => `${line}\n`).join("");
}

function formatCommand({ name, args }: Pick<ModelfileCommand, "name" | "args">): string {
    switch (name) {
        case "model":
            return `FROM ${quoteModelfileValue(args, { quoteSpaces: false })}`;
        case "adapter":
        case "draft":
            return `${name.toUpperCase()} ${quoteModelfileValue(args, { quoteSpaces: false })}`;
        case "template":
        case "system":
        case "license":
        case "requires":
        case "renderer":
        case "parser":
            return `${name.toUpperCase()} ${quoteModelfileValue(args)}`;
        case "message": {
            const at = args.indexOf(": ");
            const role = at < 0 ? args : args.slice(0, at);
            const content = at < 0 ? "" : args.slice(at + 2);
            return `MESSAGE ${role} ${quoteModelfileValue(content)}`;
        }
        default:
            // Every other name is a parameter, as in Ollama's parser.Command.
            return `PARAMETER ${name} ${quoteModelfileValue(args)}`;
    }
}
