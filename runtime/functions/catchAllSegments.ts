/**
 * @module catchAllSegments
 * The value of a `[[name]]` param: the matched segments as an array. Hono's own param value is
 * fully decoded, so an encoded slash (`a%2Fb`) would be indistinguishable from a separator; the
 * segments are therefore cut from the path Hono matched (where `%2F` is still encoded) and
 * decoded one by one: `/files/a%2Fb/c` gives `["a/b", "c"]`.
 */
import type { Context } from "hono";

function decodeSegment(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        return segment; // a malformed escape is passed on as sent, as Hono does for params
    }
}

/** The segments that the `:name{.+}` segment of the registered pattern matched. */
export function catchAllSegments(c: Context, name: string): string[] {
    const pattern = c.req.routePath.split("/");
    const path = c.req.path.split("/");
    const index = pattern.indexOf(`:${name}{.+}`);
    // Segments after the catch-all in the pattern match exactly one path segment each.
    const after = pattern.length - index - 1;
    return path.slice(index, path.length - after).map(decodeSegment);
}
