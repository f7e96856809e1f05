/**
 * @module taskRoutes
 * How a route is named and sent to a worker: its label for logs and errors, the task's view of it,
 * and the built-in route behind each `ctx.models.<endpoint>`.
 */
import { existsSync } from "node:fs";
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
    return builtInPostRoute(`/api/${endpoint}`);
}

/**
 * The built-in `POST` handler of a path without params (`/v1/chat/completions` is
 * `v1/chat/completions.js`, `/v1/responses` is `v1/responses/index.js`).
 */
export function builtInPostRoute(path: string): RouteEntry {
    let route = builtInPostRoutes.get(path);
    if (!route) builtInPostRoutes.set(path, (route = findBuiltInPostRoute(path)));
    return route;
}

/** Found once per path: every `ctx.models` call and batch line asks. */
const builtInPostRoutes = new Map<string, RouteEntry>();

function findBuiltInPostRoute(path: string): RouteEntry {
    let relativeFile = `${path.slice(1)}.js`;
    if (!existsSync(join(builtInFunctionsDir, relativeFile))) relativeFile = `${path.slice(1)}/index.js`;
    const file = join(builtInFunctionsDir, relativeFile);
    return { path, method: "POST", file, module: file, relativeFile, exportName: "onRequestPost", catchAll: [], middleware: [] };
}
