/**
 * @module ChatOutputParser
 * Splits a model's streamed output into reasoning, answer text and tool calls, following the markers
 * its template uses (OutputSyntax). Text that could still turn out to be a marker is held back until
 * it is certain; a tool call is emitted once its JSON is complete. Output that starts like a tool
 * call but does not parse as one is given back as answer text, never lost.
 */
import { randomBytes } from "node:crypto";
import type { ToolCall } from "../ollama/types.js";
import type { OutputSyntax } from "./RenderedPrompt.js";
import { scanJsonValue } from "./scanJsonValue.js";

export type ParsedOutput = { content: string; thinking: string; toolCalls: ToolCall[] };

type State = "start" | "thinking" | "content" | "call";

export class ChatOutputParser {
    readonly #syntax: OutputSyntax;
    #state: State;
    #buffer = "";
    #contentSeen = false;
    #pendingSuffix = "";
    /** Blanks right after reasoning or a tool call are not part of the answer. */
    #trimNext = false;
    /** Calls parsed since the last marker: text after them is not given back with the marker. */
    #sectionCalls = 0;
    #calls = 0;

    /**
     * `inCall`: the prompt already opened a tool call (a forced `tool_choice`), so output starts inside
     * it, after `opening` (the part of the call the prompt wrote, such as the function's name).
     */
    constructor(syntax: OutputSyntax, options: { inCall?: boolean; opening?: string } = {}) {
        this.#syntax = syntax;
        this.#state = options.inCall ? "call" : syntax.thinking?.startsInside ? "thinking" : "start";
        if (options.inCall) this.#buffer = options.opening ?? "";
    }

    /** True once a tool call was emitted. */
    get calledTools(): boolean {
        return this.#calls > 0;
    }

    push(text: string): ParsedOutput {
        this.#buffer += text;
        return this.#drain(false);
    }

    /** The end of the output: everything held back is resolved. */
    flush(): ParsedOutput {
        return this.#drain(true);
    }

    #drain(final: boolean): ParsedOutput {
        const out: ParsedOutput = { content: "", thinking: "", toolCalls: [] };
        for (;;) {
            const progressed = this.#step(out, final);
            if (!progressed) break;
        }
        if (this.#syntax.thinking && !this.#syntax.thinking.keep) out.thinking = "";
        if (out.content !== "" && out.content.trim() !== "") this.#contentSeen = true;
        return out;
    }

    /** One transition; false when it must wait for more text (or, at the end, when all is consumed). */
    #step(out: ParsedOutput, final: boolean): boolean {
        const thinking = this.#syntax.thinking;
        const calls = this.#syntax.toolCalls;
        switch (this.#state) {
            case "start": {
                if (!thinking) return this.#goto("content");
                const trimmed = this.#buffer.trimStart();
                if (trimmed.startsWith(thinking.open)) {
                    this.#buffer = trimmed.slice(thinking.open.length);
                    return this.#goto("thinking");
                }
                if (!final && (trimmed === "" || thinking.open.startsWith(trimmed))) return false;
                return this.#goto("content");
            }
            case "thinking": {
                const close = thinking!.close;
                const end = this.#buffer.indexOf(close);
                if (end >= 0) {
                    out.thinking += this.#buffer.slice(0, end);
                    // The answer after the reasoning starts at its first non-blank character, as Ollama trims it.
                    this.#buffer = this.#buffer.slice(end + close.length);
                    this.#trimNext = true;
                    return this.#goto("content");
                }
                const hold = final ? 0 : heldBack(this.#buffer, close);
                out.thinking += this.#buffer.slice(0, this.#buffer.length - hold);
                this.#buffer = this.#buffer.slice(this.#buffer.length - hold);
                return false;
            }
            case "content": {
                if (this.#trimNext) {
                    this.#buffer = this.#buffer.trimStart();
                    if (this.#buffer === "") return false;
                    this.#trimNext = false;
                }
                if (this.#buffer === "") return false;
                if (this.#pendingSuffix !== "") {
                    // The closing marker of the call just parsed is not answer text.
                    const trimmed = this.#buffer.trimStart();
                    if (trimmed.startsWith(this.#pendingSuffix)) this.#buffer = trimmed.slice(this.#pendingSuffix.length);
                    else if (!final && this.#pendingSuffix.startsWith(trimmed)) return false;
                    this.#pendingSuffix = "";
                    return true;
                }
                if (!calls) {
                    out.content += this.#buffer;
                    this.#buffer = "";
                    return false;
                }
                if (calls.prefix === "") {
                    // Without a marker, only output that starts with JSON is a tool call (Ollama's rule).
                    if (this.#contentSeen || out.content.trim() !== "") {
                        out.content += this.#buffer;
                        this.#buffer = "";
                        return false;
                    }
                    const trimmed = this.#buffer.trimStart();
                    if (trimmed === "" && !final) return false;
                    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
                        this.#buffer = trimmed;
                        this.#sectionCalls = 0;
                        return this.#goto("call");
                    }
                    out.content += this.#buffer;
                    this.#buffer = "";
                    return false;
                }
                const start = this.#buffer.indexOf(calls.prefix);
                if (start >= 0) {
                    out.content += this.#buffer.slice(0, start);
                    this.#buffer = this.#buffer.slice(start + calls.prefix.length);
                    this.#sectionCalls = 0;
                    return this.#goto("call");
                }
                const hold = final ? 0 : heldBack(this.#buffer, calls.prefix);
                out.content += this.#buffer.slice(0, this.#buffer.length - hold);
                this.#buffer = this.#buffer.slice(this.#buffer.length - hold);
                return false;
            }
            case "call":
                return this.#callStep(out, final);
        }
    }

    #callStep(out: ParsedOutput, final: boolean): boolean {
        const syntax = this.#syntax.toolCalls ?? { kind: "json" as const, prefix: "", suffix: "" };
        if (syntax.kind === "named") {
            const nameEnd = this.#buffer.indexOf(syntax.paramsPrefix);
            if (nameEnd < 0) return final ? this.#giveBack(out) : false;
            const name = this.#buffer.slice(0, nameEnd).trim();
            const scan = scanJsonValue(this.#buffer, nameEnd + syntax.paramsPrefix.length, { anyValue: true });
            if (scan.kind === "incomplete") return final ? this.#giveBack(out) : false;
            if (scan.kind === "invalid" || name === "") return this.#giveBack(out);
            const args = parseArguments(this.#buffer.slice(scan.start, scan.end));
            if (args === undefined) return this.#giveBack(out);
            out.toolCalls.push(this.#call(name, args));
            this.#buffer = this.#buffer.slice(scan.end);
            this.#pendingSuffix = syntax.suffix.replaceAll("{{functionName}}", name).trim();
            this.#trimNext = true;
            return this.#goto("content");
        }

        // JSON calls: objects or an array of them, separated by blanks or commas, then the suffix.
        const trimmed = this.#buffer.replace(/^[\s,]+/, "");
        if (trimmed === "") {
            if (!final) return false;
            this.#buffer = "";
            return this.#goto("content");
        }
        if (syntax.suffix !== "" && trimmed.startsWith(syntax.suffix)) {
            this.#buffer = trimmed.slice(syntax.suffix.length);
            this.#trimNext = true;
            return this.#goto("content");
        }
        if (!final && syntax.suffix !== "" && syntax.suffix.startsWith(trimmed)) return false;
        const scan = scanJsonValue(trimmed, 0);
        if (scan.kind === "incomplete") return final ? this.#giveBack(out) : false;
        if (scan.kind === "invalid") {
            // Not JSON after the marker: ordinary text (with the marker, unless calls came before it).
            if (this.#sectionCalls === 0) return this.#giveBack(out);
            this.#buffer = trimmed;
            return this.#goto("content");
        }
        const parsed = parseJson(trimmed.slice(scan.start, scan.end));
        const found = (Array.isArray(parsed) ? parsed : [parsed]).map(callFromJson);
        if (found.length === 0 || found.some((call) => call === undefined)) {
            this.#buffer = trimmed;
            return this.#giveBack(out);
        }
        for (const call of found) out.toolCalls.push(this.#call(call!.name, call!.arguments));
        this.#sectionCalls += found.length;
        this.#buffer = trimmed.slice(scan.end);
        this.#trimNext = true;
        return true;
    }

    /** What looked like a tool call is not one: its text (marker included) becomes answer text. */
    #giveBack(out: ParsedOutput): boolean {
        const prefix = this.#sectionCalls === 0 ? (this.#syntax.toolCalls?.prefix ?? "") : "";
        out.content += prefix + this.#buffer;
        this.#buffer = "";
        this.#state = "content";
        return false;
    }

    #goto(state: State): boolean {
        this.#state = state;
        return true;
    }

    #call(name: string, args: Record<string, unknown>): ToolCall {
        return { id: toolCallId(), function: { index: this.#calls++, name, arguments: args } };
    }
}

/** Ollama's tool call ids: `call_` and 8 characters of [a-z0-9]. */
export function toolCallId(): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    return "call_" + [...randomBytes(8)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

/** How many characters at the end of `text` could be the start of `marker`. */
function heldBack(text: string, marker: string): number {
    for (let length = Math.min(marker.length - 1, text.length); length > 0; length--) {
        if (marker.startsWith(text.slice(text.length - length))) return length;
    }
    return 0;
}

function parseJson(text: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return undefined;
    }
}

/** Arguments are an object; some models write them as a JSON string of one. */
function parseArguments(text: string): Record<string, unknown> | undefined {
    let value = parseJson(text);
    if (typeof value === "string") value = value.trim() === "" ? {} : parseJson(value);
    if (value === null || value === undefined) return {};
    return typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** `{"name", "arguments"}` (or `parameters`, or nested under `function`), as models write calls. */
function callFromJson(value: unknown): { name: string; arguments: Record<string, unknown> } | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    const record = value as Record<string, unknown>;
    const inner = typeof record.function === "object" && record.function !== null ? (record.function as Record<string, unknown>) : record;
    const name = inner.name;
    if (typeof name !== "string" || name === "") return undefined;
    const raw = inner.arguments ?? inner.parameters ?? {};
    const args = typeof raw === "string" ? parseArguments(raw) : typeof raw === "object" && !Array.isArray(raw) ? raw : undefined;
    return args === undefined ? undefined : { name, arguments: args as Record<string, unknown> };
}
