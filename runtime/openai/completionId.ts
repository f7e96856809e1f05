/**
 * @module completionId
 * Ids for OpenAI responses, shaped like OpenAI's own (`chatcmpl-B9MBs8CjcvOU2jLn4n570S5q`), and for
 * tool calls, shaped like Ollama's (`call_x1y2z3w4`).
 */
import { randomInt } from "node:crypto";

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomCharacters(characters: string, length: number): string {
    let text = "";
    for (let i = 0; i < length; i++) text += characters[randomInt(characters.length)];
    return text;
}

export function completionId(prefix: "chatcmpl" | "cmpl"): string {
    return `${prefix}-${randomCharacters(alphabet, 24)}`;
}

/** A tool call id in Ollama's form, `call_` and 8 lowercase letters or digits. */
export function toolCallId(): string {
    return `call_${randomCharacters("abcdefghijklmnopqrstuvwxyz0123456789", 8)}`;
}

/** Unix time in seconds, OpenAI's `created`. */
export function unixSeconds(date: Date = new Date()): number {
    return Math.floor(date.getTime() / 1000);
}
