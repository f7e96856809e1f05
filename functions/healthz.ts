/**
 * @module functions/healthz
 * `GET /healthz` (for a load balancer or an orchestrator's liveness probe): 200 while the process
 * serves and every lane is up, 503 while one restarts after a crash; the body names the lanes.
 * Open to all, even when the server has API keys.
 */
import { controlPlane } from "../runtime/functions/controlPlane.js";
import { jsonResponse } from "../runtime/http/jsonResponse.js";

export const onRequestGet = controlPlane(({ services }): Response => {
    const health = services.readiness.health();
    return jsonResponse(health, health.status === "ok" ? 200 : 503);
});
