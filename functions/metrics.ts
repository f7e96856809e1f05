/**
 * @module functions/metrics
 * `GET /metrics`: the server's metrics in Prometheus' text format (requests, tokens, first-token and
 * inter-token latency, queue waits, sequences, warm models and their memory, the embeddings cache,
 * batch lines, and the process's own). 404 when `server.metrics` is off. Needs an API key like any
 * route when the server has keys.
 */
import { RouteNotFoundError } from "../runtime/errors/RouteNotFoundError.js";
import { controlPlane } from "../runtime/functions/controlPlane.js";

export const onRequestGet = controlPlane(async ({ services, request }): Promise<Response> => {
    if (!services.metrics) throw new RouteNotFoundError(new URL(request.url).pathname);
    const { text, contentType } = await services.metrics.render();
    return new Response(text, { headers: { "content-type": contentType } });
});
