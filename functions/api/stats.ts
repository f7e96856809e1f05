/**
 * @module functions/api/stats
 * `GET /api/stats` (Kettle's own): counters of the server's shared machinery. The embeddings path:
 * requests and inputs, the cache's hits, misses, size and evictions, and how many batches and model
 * evaluations the inputs that missed it took. The queue: how long requests waited for a sequence of
 * their model, the last ones one by one. Batch jobs: lines ended since start, and the lines of the
 * batches still running by model (completed, failed, pending).
 */
import { controlPlane } from "../../runtime/functions/controlPlane.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";

export const onRequestGet = controlPlane(({ services }): Response => {
    return jsonResponse({
        embeddings: services.embeddings.stats(),
        queue: services.queue.stats(),
        batches: services.batchJobs.runner.stats()
    });
});
