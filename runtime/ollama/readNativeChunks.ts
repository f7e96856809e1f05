/**
 * @module readNativeChunks
 * Reads a native (Ollama) handler's 200 response as the objects it holds, for the adapters that
 * translate it into another API (OpenAI, Anthropic): each NDJSON line of a stream, or the one JSON
 * object of a `stream: false` or model-load answer; lines split anywhere are put back together. An
 * `{"error": "..."}` line, which the native handler writes when generation fails after streaming
 * began, ends the chunks with a StreamedError carrying its message. Stopping early (return or
 * throw) cancels the body, which stops the generation.
 */
import { StreamedError } from "../errors/StreamedError.js";

export async function* readNativeChunks<T>(response: Response): AsyncGenerator<T> {
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
                if (line.trim() !== "") yield parseLine<T>(line);
            }
        }
        if (buffered.trim() !== "") yield parseLine<T>(buffered);
        finished = true;
    } finally {
        if (!finished) await reader.cancel().catch(() => undefined);
    }
}

function parseLine<T>(line: string): T {
    const value = JSON.parse(line) as T & { error?: unknown };
    if (typeof value.error === "string") throw new StreamedError(value.error);
    return value;
}
