/**
 * @module runRepl
 * The interactive side of `kettle run`: Ollama's REPL. Messages accumulate into a chat; `"""` starts
 * and ends multi-line input; `/set parameter`, `/set system`, `/show`, `/load`, `/clear`, `/bye`.
 */
import { createInterface } from "node:readline/promises";
import type { ShowResponse } from "../../runtime/ollama/types.js";
import type { GenerationChunk, ServingClient } from "../client/KettleClient.js";
import { formatParameters } from "../../runtime/models/formatParameters.js";
import { formatShow } from "./show.js";

type Base = { model: string; options: Record<string, unknown>; format?: string; keep_alive?: string };
type Printers = {
    verbose: boolean;
    printStream: (stream: AsyncIterable<GenerationChunk>, text: (chunk: GenerationChunk) => string) => Promise<GenerationChunk | undefined>;
    printStats: (final: GenerationChunk) => void;
};

const help = `Available Commands:
  /set            Set session variables
  /show           Show model information
  /load <model>   Load a session or model
  /clear          Clear session context
  /bye            Exit
  /?, /help       Help for a command

Use """ to begin a multi-line message.
`;

export async function runRepl(client: ServingClient, info: ShowResponse, base: Base, printers: Printers): Promise<void> {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
    // Lines are read through the iterator, which buffers them: pasted or piped input is never dropped,
    // and Ctrl+D (end of input) ends the session as /bye does.
    const lines = rl[Symbol.asyncIterator]();
    const ask = async (prompt: string): Promise<string | undefined> => {
        rl.setPrompt(prompt);
        rl.prompt();
        const next = await lines.next();
        return next.done ? undefined : next.value;
    };
    let session = { ...base, options: { ...base.options } };
    let system: string | undefined;
    let messages: { role: string; content: string }[] = [];
    let current = info;
    let verbose = printers.verbose;
    try {
        for (;;) {
            let line = await ask(">>> ");
            if (line === undefined) return;
            if (line.trimStart().startsWith('"""')) {
                line = line.trimStart().slice(3);
                while (!line.trimEnd().endsWith('"""')) {
                    const more = await ask("... ");
                    if (more === undefined) return;
                    line += "\n" + more;
                }
                line = line.trimEnd().slice(0, -3);
            }
            const input = line.trim();
            if (!input) continue;
            if (input === "/bye" || input === "/exit") return;
            if (input === "/?" || input === "/help") {
                process.stdout.write(help);
                continue;
            }
            if (input === "/clear") {
                messages = [];
                process.stdout.write("Cleared session context\n");
                continue;
            }
            if (input.startsWith("/set ")) {
                const [, what, ...rest] = input.split(/\s+/);
                if (what === "parameter" && rest.length >= 2) {
                    const [key, ...value] = rest;
                    const text = value.join(" ");
                    const number = Number(text);
                    session.options[key!] =
                        key === "stop"
                            ? [...((session.options.stop as string[] | undefined) ?? []), text]
                            : Number.isNaN(number)
                              ? text
                              : number;
                    process.stdout.write(`Set parameter '${key}' to '${text}'\n`);
                } else if (what === "system") {
                    system = input
                        .slice(input.indexOf("system") + "system".length)
                        .trim()
                        .replace(/^"""|"""$/g, "");
                    process.stdout.write("Set system message.\n");
                } else if (what === "verbose") {
                    verbose = true;
                    process.stdout.write("Set 'verbose' mode.\n");
                } else if (what === "quiet") {
                    verbose = false;
                    process.stdout.write("Set 'quiet' mode.\n");
                } else if (what === "format" && rest[0] === "json") {
                    session.format = "json";
                    process.stdout.write("Set format to 'json' mode.\n");
                } else if (what === "noformat") {
                    delete session.format;
                    process.stdout.write("Disabled format.\n");
                } else {
                    process.stdout.write(
                        "Usage: /set parameter <name> <value> | /set system <text> | /set verbose | /set quiet | /set format json | /set noformat\n"
                    );
                }
                continue;
            }
            if (input.startsWith("/show")) {
                const what = input.split(/\s+/)[1] ?? "info";
                const text =
                    what === "info"
                        ? formatShow(current, false)
                        : what === "system"
                          ? (system ?? current.system)
                          : what === "parameters"
                            ? [current.parameters, formatParameters(session.options)].filter(Boolean).join("\n")
                            : (current as Record<string, unknown>)[what];
                process.stdout.write(
                    typeof text === "string" && text
                        ? text.endsWith("\n")
                            ? text
                            : text + "\n"
                        : `No ${what} was specified for this model.\n`
                );
                continue;
            }
            if (input.startsWith("/load ")) {
                const model = input.slice(6).trim();
                current = await client.show({ model });
                session = { ...session, model };
                messages = [];
                process.stdout.write(`Loading model '${model}'\n`);
                for await (const _ of client.generate({ model })) {
                    // load only
                }
                continue;
            }
            if (input.startsWith("/")) {
                process.stdout.write(`Unknown command '${input.split(/\s+/)[0]}'. Type /? for help\n`);
                continue;
            }

            messages.push({ role: "user", content: input });
            const history = system ? [{ role: "system", content: system }, ...messages] : messages;
            let answer = "";
            const final = await printers.printStream(client.chat({ ...session, messages: history }), (chunk) => {
                const text = chunk.message?.content ?? "";
                answer += text;
                return text;
            });
            process.stdout.write("\n\n");
            messages.push({ role: "assistant", content: answer });
            if (verbose && final) printers.printStats(final);
        }
    } finally {
        rl.close();
        // A terminal's stdin stays open after the session ends; let the process exit.
        process.stdin.destroy();
    }
}
