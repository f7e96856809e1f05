/**
 * @module functions/api/stats
 * `GET /api/stats` (Kettle's own): counters of the server's shared machinery. Now the embeddings
 * path: requests and inputs, the cache's hits, misses, size and evictions, and how many batches and
 * model evaluations the inputs that missed it took.
 */
import type { FunctionContext } from "../../runtime/functions/FunctionContext.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";

export function onRequestGet({ services }: FunctionContext): Response {
    return jsonResponse({ embeddings: services!.embeddings.stats() });
}
