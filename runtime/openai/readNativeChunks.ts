/**
 * @module readNativeChunks
 * Reads a native handler's 200 response as the objects it holds: each NDJSON line of a stream, or
 * the one JSON object of a `stream: false` or model-load answer. A line `{"error": "..."}` is thrown
 * as a NativeStreamError. Stopping early (return or throw) cancels the body, which stops generation.
 */
import { NativeStreamError } from "./NativeStreamError.js";
import type { NativeChunk } from "./nativeTypes.js";

export async function* readNativeChunks(response: Response): AsyncGenerator<NativeChunk> {
    if (!response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = "";
    let finished = false;
    try {
        for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            buffered += value;
            let newline: number;
            while ((newline = buffered.indexOf("\n")) >= 0) {
                const line = buffered.slice(0, newline);
                buffered = buffered.slice(newline + 1);
                if (line.trim()) yield parseLine(line);
            }
        }
        if (buffered.trim()) yield parseLine(buffered);
        finished = true;
    } finally {
        if (!finished) await reader.cancel().catch(() => undefined);
    }
}

function parseLine(line: string): NativeChunk {
    const value = JSON.parse(line) as NativeChunk & { error?: unknown };
    if (typeof value.error === "string") throw new NativeStreamError(value.error);
    return value;
}
