/**
 * @module functions/readyz
 * `GET /readyz` (a readiness probe): 200 when the server takes traffic: not shutting down, every
 * lane up, and every `[models."x"] preload = true` model warm; else 503, the body naming what is
 * not ready. Open to all, even when the server has API keys.
 */
import { controlPlane } from "../runtime/functions/controlPlane.js";
import { jsonResponse } from "../runtime/http/jsonResponse.js";

export const onRequestGet = controlPlane(({ services }): Response => {
    const ready = services.readiness.ready();
    return jsonResponse(ready, ready.status === "ready" ? 200 : 503);
});
