/**
 * @module honoRoutePatterns
 * Turns a RouteEntry path into the Hono patterns that serve it. Hono has no "zero or more
 * segments" param: `:rest{.+}` needs at least one segment and `*` names nothing. So a catch-all
 * route becomes two patterns: one with the segment as `:rest{.+}`, one without the segment.
 */
import { parseRoutePath } from "./parseRoutePath.js";

export type HonoRoutePattern = {
    /** The Hono path to register. */
    path: string;
    /** The RouteEntry-syntax path this pattern ranks as in compareRoutes. */
    rankPath: string;
    /** For catch-all routes: whether this pattern matches one or more segments ("some") or none. */
    catchAll?: { name: string; segments: "some" | "none" };
};

function join(parts: string[]): string {
    return "/" + parts.join("/");
}

/** One pattern, or two for a catch-all route (the one-or-more form first). */
export function honoRoutePatterns(path: string): HonoRoutePattern[] {
    const segments = parseRoutePath(path);
    const catchAll = segments.find((segment) => segment.kind === "catchAll");
    const parts = segments.map((s) => (s.kind === "static" ? s.value : s.kind === "param" ? `:${s.name}` : `:${s.name}{.+}`));
    if (!catchAll) return [{ path: join(parts), rankPath: path }];
    const index = segments.indexOf(catchAll);
    const without = (list: string[]) => list.filter((_, i) => i !== index);
    const rankParts = path.split("/").filter((segment) => segment !== "");
    return [
        { path: join(parts), rankPath: path, catchAll: { name: catchAll.name, segments: "some" } },
        { path: join(without(parts)), rankPath: join(without(rankParts)), catchAll: { name: catchAll.name, segments: "none" } }
    ];
}
