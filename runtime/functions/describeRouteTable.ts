/**
 * @module describeRouteTable
 * The route table as text, one line per route in registration order:
 * `GET  /api/tags  ← api/tags.js#onRequestGet`. Used by the snapshot tests and `kettle serve --routes`.
 */
import type { RouteEntry } from "./types.js";

export function describeRouteTable(routes: readonly RouteEntry[]): string {
    const methodWidth = Math.max(0, ...routes.map((route) => route.method.length));
    const pathWidth = Math.max(0, ...routes.map((route) => route.path.length));
    return routes
        .map((route) => `${route.method.padEnd(methodWidth)} ${route.path.padEnd(pathWidth)}  ← ${route.relativeFile}#${route.exportName}`)
        .join("\n");
}
