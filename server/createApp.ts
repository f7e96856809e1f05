/**
 * @module createApp
 * The Hono app: CORS as Ollama allows it, the scanned route table, and one error handler that turns
 * anything thrown into Ollama's `{"error": …}` body with the right status (functions with their own
 * API family render their errors in the dispatcher).
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { Config } from "../config/Config.js";
import { registerRoutes } from "../runtime/functions/registerRoutes.js";
import type { RouteEntry } from "../runtime/functions/types.js";
import { errorResponse } from "../runtime/http/errorResponse.js";
import type { Dispatcher } from "./dispatchFunction.js";
import { isAllowedOrigin } from "./isAllowedOrigin.js";

export function createApp(routes: RouteEntry[], dispatch: Dispatcher, config: Config): Hono {
    const app = new Hono();
    app.use(
        "*",
        cors({
            origin: (origin) => (isAllowedOrigin(origin, config.server.origins) ? origin : null),
            allowHeaders: [
                "Authorization",
                "Content-Type",
                "User-Agent",
                "Accept",
                "X-Requested-With",
                "OpenAI-Beta",
                "x-stainless-*",
                "x-api-key",
                "anthropic-version",
                "anthropic-beta",
                // Sent by @anthropic-ai/sdk in a browser (dangerouslyAllowBrowser).
                "anthropic-dangerous-direct-browser-access"
            ],
            allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
        })
    );
    app.onError((error) => errorResponse(error));
    registerRoutes(app, routes, dispatch);
    return app;
}
