/**
 * @module compareRoutes
 * Route precedence, as Cloudflare Pages' `compareRoutes` defines it. Hono matches in registration
 * order, so this order is the precedence: more segments first; at the first segment whose kind
 * differs, static before `:param` before catch-all; a method-specific route before `onRequest`
 * (ALL); otherwise by path. `users/special` beats `users/[user]`, which beats `users/[[rest]]`.
 */
import { parseRoutePath, type RouteSegment } from "./parseRoutePath.js";
import type { RouteEntry } from "./types.js";

const kindRank: Record<RouteSegment["kind"], number> = { static: 0, param: 1, catchAll: 2 };

/** Code-unit order: unlike localeCompare, the same on every machine, so the route table snapshot is stable. */
function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** The path with param names erased: `/users/:` for `/users/:user`, so equivalent patterns compare equal. */
function shape(segments: RouteSegment[]): string {
    return segments.map((s) => (s.kind === "static" ? s.value : s.kind === "param" ? ":" : "*")).join("/");
}

/** Negative when `a` must be registered (and so matched) before `b`. */
export function compareRoutes(a: Pick<RouteEntry, "path" | "method">, b: Pick<RouteEntry, "path" | "method">): number {
    const segmentsA = parseRoutePath(a.path);
    const segmentsB = parseRoutePath(b.path);
    if (segmentsA.length !== segmentsB.length) return segmentsB.length - segmentsA.length;
    for (let i = 0; i < segmentsA.length; i++) {
        const rank = kindRank[segmentsA[i]!.kind] - kindRank[segmentsB[i]!.kind];
        if (rank !== 0) return rank;
    }
    if ((a.method === "ALL") !== (b.method === "ALL")) return a.method === "ALL" ? 1 : -1;
    const byShape = compareText(shape(segmentsA), shape(segmentsB));
    if (byShape !== 0) return byShape;
    // A HEAD export is registered as a guarded GET (Hono dispatches HEAD as GET): it must come
    // before the GET handler of the same pattern, or that handler would answer HEAD requests.
    if ((a.method === "HEAD") !== (b.method === "HEAD")) return a.method === "HEAD" ? -1 : 1;
    return compareText(a.method, b.method) || compareText(a.path, b.path);
}
