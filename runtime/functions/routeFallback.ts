/**
 * @module routeFallback
 * What answers when no route handled a request: 404 when no function serves the path, 405 with an
 * `Allow` header when one does but not with this method (Ollama, through gin's
 * HandleMethodNotAllowed, answers 405 too). A request reaches it when nothing matched, or when a
 * HEAD-only route passed a GET on.
 */
import type { NotFoundHandler } from "hono";
import { TrieRouter } from "hono/router/trie-router";
import { MethodNotAllowedError } from "../errors/MethodNotAllowedError.js";
import { RouteNotFoundError } from "../errors/RouteNotFoundError.js";
import { errorResponse } from "../http/errorResponse.js";
import { honoRoutePatterns } from "./honoRoutePatterns.js";
import type { RouteEntry, RouteMethod } from "./types.js";

/** The order methods are listed in an `Allow` header. */
const methodOrder: readonly Exclude<RouteMethod, "ALL">[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function allowedBy(method: RouteMethod): readonly string[] {
    if (method === "ALL") return methodOrder;
    // Hono answers HEAD with the GET handler, so a GET route allows HEAD as well.
    if (method === "GET") return ["GET", "HEAD"];
    return [method];
}

/** A notFound handler for an app serving `routes`. */
export function routeFallback(routes: readonly RouteEntry[]): NotFoundHandler {
    // A router of its own, holding every pattern under every method, tells which methods a path has.
    const router = new TrieRouter<RouteEntry>();
    for (const route of routes) {
        for (const pattern of honoRoutePatterns(route.path)) router.add("ALL", pattern.path, route);
    }
    return function routeFallback(c) {
        const matched = router.match(c.req.method, c.req.path)[0].map(([route]) => route);
        const allowed = new Set(matched.flatMap((route) => allowedBy(route.method)));
        if (allowed.size === 0) return errorResponse(new RouteNotFoundError(c.req.path));
        const allow = methodOrder.filter((method) => allowed.has(method));
        // The path's own API answers in its error shape (a GET on /v1/messages gets Anthropic's).
        const family = matched.find((route) => route.errors)?.errors;
        return errorResponse(new MethodNotAllowedError(c.req.method, c.req.path, allow), undefined, family);
    };
}
