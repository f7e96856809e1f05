/**
 * @module taskRoutes
 * How a route is named and sent to a worker: its label for logs and errors, the task's view of it,
 * and the built-in route behind each `ctx.models.<endpoint>`.
 */
import { join } from "node:path";
import type { ModelEndpoint } from "../../runtime/functions/Models.js";
import type { RouteEntry } from "../../runtime/functions/types.js";
import type { TaskRoute } from "../../pool/protocol/messages.js";
import { builtInFunctionsDir } from "../collectRoutes.js";

/** How logs and errors name a route: `POST /summarise (summarise.ts)`. */
export function labelOf(route: RouteEntry): string {
    return `${route.method === "ALL" ? "*" : route.method} ${route.path} (${route.relativeFile})`;
}

export function taskRoute(route: RouteEntry, user: boolean): TaskRoute {
    return {
        file: route.file,
        module: route.module,
        exportName: route.exportName,
        middleware: route.middleware,
        label: labelOf(route),
        user
    };
}

/** The built-in route behind `ctx.models.<endpoint>`. */
export function builtInRoute(endpoint: ModelEndpoint): RouteEntry {
    const file = join(builtInFunctionsDir, "api", `${endpoint}.js`);
    return {
        path: `/api/${endpoint}`,
        method: "POST",
        file,
        module: file,
        relativeFile: `api/${endpoint}.js`,
        exportName: "onRequestPost",
        catchAll: [],
        middleware: []
    };
}
