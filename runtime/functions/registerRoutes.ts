/**
 * @module registerRoutes
 * Serves a scanned route table with Hono. Hono matches in registration order, so patterns are
 * registered in compareRoutes order. Two Hono facts shape the rest:
 * - HEAD is dispatched as GET and `app.on("HEAD")` handlers are never reached. An `onRequestHead`
 *   export is therefore registered as GET behind a `c.req.method === "HEAD"` guard (a GET passes
 *   on to the next route, or to 405); a HEAD request to a GET route gets the GET handler's
 *   response without its body.
 * - There is no zero-or-more param, so a `[[rest]]` route is registered twice (see
 *   honoRoutePatterns); the form without the segment ranks as the shorter path it is, after a real
 *   route of that same path and method.
 */
import type { Context, Env, Hono, Next } from "hono";
import { catchAllSegments } from "./catchAllSegments.js";
import { compareRoutes } from "./compareRoutes.js";
import { honoRoutePatterns, type HonoRoutePattern } from "./honoRoutePatterns.js";
import { routeFallback } from "./routeFallback.js";
import type { RouteEntry } from "./types.js";

/** Params as a handler receives them: strings for `[name]`, string arrays for `[[name]]`. */
export type RouteParams = Record<string, string | string[]>;

/** Runs the handler of `route` (in a worker, or in process in tests). */
export type InvokeRoute<E extends Env = Env> = (route: RouteEntry, c: Context<E>, params: RouteParams) => Promise<Response>;

type Registration = { route: RouteEntry; pattern: HonoRoutePattern };

function paramsOf(c: Context, pattern: HonoRoutePattern): RouteParams {
    const params: RouteParams = c.req.param() as Record<string, string>;
    if (pattern.catchAll) {
        const { name, segments } = pattern.catchAll;
        params[name] = segments === "none" ? [] : catchAllSegments(c, name);
    }
    return params;
}

/**
 * Registers every route of `routes` on `app`, in precedence order, and sets the app's notFound
 * handler to answer 404 `{"error":"path \"/x\" not found"}` or 405 with an `Allow` header.
 * Params are percent-decoded (`a%20b` → `a b`), unlike Cloudflare Pages; each `[[rest]]` segment
 * is decoded on its own, so `%2F` stays inside its element. Errors thrown by `invoke` go to the
 * app's onError.
 */
export function registerRoutes<E extends Env>(app: Hono<E>, routes: readonly RouteEntry[], invoke: InvokeRoute<E>): void {
    const full: Registration[] = [];
    const zeroSegment: Registration[] = [];
    for (const route of routes) {
        for (const pattern of honoRoutePatterns(route.path)) {
            (pattern.catchAll?.segments === "none" ? zeroSegment : full).push({ route, pattern });
        }
    }
    // The sort is stable: on a full tie a real route, listed first, stays ahead of a catch-all's zero-segment form.
    const ordered = [...full, ...zeroSegment].sort((a, b) =>
        compareRoutes({ path: a.pattern.rankPath, method: a.route.method }, { path: b.pattern.rankPath, method: b.route.method })
    );
    for (const { route, pattern } of ordered) {
        const handler = async (c: Context<E>, next: Next): Promise<Response | void> => {
            if (route.method === "HEAD" && c.req.method !== "HEAD") return next();
            return invoke(route, c, paramsOf(c as unknown as Context, pattern));
        };
        if (route.method === "ALL") app.all(pattern.path, handler);
        else app.on(route.method === "HEAD" ? "GET" : route.method, pattern.path, handler);
    }
    app.notFound(routeFallback(routes));
}
