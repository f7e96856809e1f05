/**
 * @module completionId
 * Ids for OpenAI responses: a prefix (`chatcmpl`, `cmpl`, `call`) and random letters and digits,
 * shaped like OpenAI's own (`chatcmpl-B9MBs8CjcvOU2jLn4n570S5q`).
 */
import { randomInt } from "node:crypto";

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function completionId(prefix: string, length = 24): string {
    let id = `${prefix}-`;
    for (let i = 0; i < length; i++) id += alphabet[randomInt(alphabet.length)];
    return id;
}

/** Unix time in seconds, OpenAI's `created`. */
export function unixSeconds(date: Date = new Date()): number {
    return Math.floor(date.getTime() / 1000);
}
