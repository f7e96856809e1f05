/**
 * @module progressResponse
 * How `/api/create`, `/api/pull` and `/api/push` answer: their status lines streamed as NDJSON, or
 * with `"stream": false` only the last one (`{"status":"success"}`) once everything is done; a
 * failure then answers its own status and `{"error"}` body, as Ollama does.
 */
import type { ProgressResponse } from "../ollama/types.js";
import { jsonResponse } from "./jsonResponse.js";
import { ndjsonResponse } from "./ndjsonResponse.js";

export async function progressResponse(
    progress: AsyncIterable<ProgressResponse>,
    options: { stream: boolean; signal?: AbortSignal }
): Promise<Response> {
    if (options.stream) return ndjsonResponse(progress, options.signal ? { signal: options.signal } : {});
    let last: ProgressResponse = { status: "" };
    for await (const update of progress) last = update;
    return jsonResponse(last);
}
