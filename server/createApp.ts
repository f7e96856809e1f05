/**
 * @module createApp
 * The Hono app: each request's id, access line and HTTP metrics (observeRequests), the DNS-rebinding guard and CORS as Ollama has them, the API keys when there are
 * any (after CORS, so a 401 still carries its headers), the scanned route table, and one error handler that turns
 * anything thrown into Ollama's `{"error": …}` body with the right status (functions with their own
 * API family render their errors in the dispatcher).
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { Config } from "../config/Config.js";
import { registerRoutes } from "../runtime/functions/registerRoutes.js";
import type { RouteEntry } from "../runtime/functions/types.js";
import { errorResponse } from "../runtime/http/errorResponse.js";
import type { Dispatcher } from "./dispatch/createDispatcher.js";
import { ForbiddenHostError } from "../runtime/errors/ForbiddenHostError.js";
import { ApiKeys } from "./ApiKeys.js";
import { errorFamilyOfPath } from "./errorFamilyOfPath.js";
import type { InFlightStreams } from "./InFlightStreams.js";
import { apiKeyGuard } from "./apiKeyGuard.js";
import { isLoopbackHost } from "../runtime/http/isLoopbackHost.js";
import { isAllowedHost } from "./isAllowedHost.js";
import { isAllowedOrigin } from "./isAllowedOrigin.js";
import type { KettleMetrics } from "./observe/KettleMetrics.js";
import { observeRequests } from "./observe/observeRequests.js";

export function createApp(
    routes: RouteEntry[],
    dispatch: Dispatcher,
    config: Config,
    keys: ApiKeys = new ApiKeys([]),
    streams?: InFlightStreams,
    metrics?: KettleMetrics
): Hono {
    const app = new Hono();
    app.use("*", observeRequests(metrics));
    const corsHeaders = cors({
        origin: (origin) => (isAllowedOrigin(origin, config.server.origins) ? origin : null),
        // No allowHeaders: Hono then echoes the preflight's Access-Control-Request-Headers, which clients
        // like openai-node (x-stainless-*) and the Anthropic SDK need; the origin check is what guards.
        allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    });
    // Only browsers send Origin. Like Ollama's gin-contrib/cors, other requests skip CORS entirely,
    // which also keeps node-server's fast path (touching response headers costs 3x the throughput).
    if (isLoopbackHost(config.server.host)) {
        app.use("*", async (c, next) => {
            const host = c.req.header("host");
            if (isAllowedHost(host, config.server.allowedHosts)) return next();
            return errorResponse(new ForbiddenHostError(host!));
        });
    }
    app.use("*", (c, next) => (c.req.header("origin") === undefined ? next() : corsHeaders(c, next)));
    if (keys.required) app.use("*", apiKeyGuard(keys));
    app.onError((error) => errorResponse(error));
    registerRoutes(app, routes, async (route, c, params) => {
        const response = await dispatch(route, c.req.raw, params);
        // Generations stream from POSTs; leaving GETs untouched keeps node-server's fast path for them
        // (reading a response's headers makes it build a full Response, about 3x slower).
        return streams && c.req.method === "POST" ? streams.track(response, errorFamilyOfPath(c.req.path)) : response;
    });
    return app;
}
