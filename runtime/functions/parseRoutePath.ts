/**
 * @module parseRoutePath
 * Splits a route table path (`/users/:user`, `/files/:path*`) into typed segments, so ordering and
 * registration reason about segment kinds rather than re-reading the string syntax.
 */

export type RouteSegment =
    | { kind: "static"; value: string }
    | { kind: "param"; name: string }
    /** `[[name]]`: any number of segments, zero included. */
    | { kind: "catchAll"; name: string };

/** The segments of a RouteEntry path; `/` has none. */
export function parseRoutePath(path: string): RouteSegment[] {
    return path
        .split("/")
        .filter((segment) => segment !== "")
        .map((segment): RouteSegment => {
            if (segment.startsWith(":") && segment.endsWith("*")) return { kind: "catchAll", name: segment.slice(1, -1) };
            if (segment.startsWith(":")) return { kind: "param", name: segment.slice(1) };
            return { kind: "static", value: segment };
        });
}
