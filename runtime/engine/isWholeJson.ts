/**
 * @module isWholeJson
 * True when a text is one complete JSON value (blanks around it allowed). Grammar-constrained
 * generations stop there: node-llama-cpp's JSON grammars accept blanks forever after the value.
 */
import { scanJsonValue } from "./scanJsonValue.js";

export function isWholeJson(text: string): boolean {
    const scan = scanJsonValue(text, 0, { anyValue: true });
    return scan.kind === "complete" && text.slice(scan.end).trim() === "";
}
