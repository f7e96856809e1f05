/**
 * @module types
 * The parsed shape of a Modelfile, kept as close to Ollama's `parser.Modelfile` as possible so
 * that the create request and `show --modelfile` can be derived from it the way Ollama does.
 */

/**
 * One instruction. `name` is lower-case: "model" for FROM, the instruction's own name for the
 * others, and the parameter's name for PARAMETER (so `PARAMETER stop x` is `{name: "stop"}`).
 * MESSAGE args are `"<role>: <content>"`, as in Ollama.
 */
export interface ModelfileCommand {
    name: string;
    args: string;
    /** 1-based line the instruction starts on. */
    line: number;
}

export interface Modelfile {
    commands: ModelfileCommand[];
    /** Problems that do not stop the create, e.g. deprecated parameters, each prefixed `line N: `. */
    warnings: string[];
}

export const messageRoles = ["system", "user", "assistant", "tool"] as const;
export type MessageRole = (typeof messageRoles)[number];
