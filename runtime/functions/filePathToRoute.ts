/**
 * @module filePathToRoute
 * Cloudflare Pages' file-path routing: `api/blobs/[digest].js` → `/api/blobs/:digest`,
 * `files/[[path]].js` → `/files/:path*`, `index.js` → its folder. Files must already have passed
 * the scanner's filters (extension, `_` and `.` prefixes).
 */
import { FunctionFileError } from "./FunctionFileError.js";

export type FileRoute = {
    /** RouteEntry path syntax: `:name` for `[name]`, `:name*` for `[[name]]`. */
    path: string;
    /** Names of the `[[name]]` segments. */
    catchAll: string[];
};

const paramName = /^[A-Za-z0-9_]+$/;
/** Characters Hono reads as pattern syntax, and bracket leftovers such as `v[id]`. */
const patternCharacters = /[:*?{}[\]]/;

/**
 * The route a function file serves, from its path below the functions folder (`/`-separated).
 * `file` is only used to name the file in errors. Throws FunctionFileError for a bad param name,
 * a param that is not a whole segment, a repeated param name, or more than one catch-all.
 */
export function filePathToRoute(relativeFile: string, file = relativeFile): FileRoute {
    const segments = relativeFile.replace(/\.m?[jt]s$/, "").split("/");
    if (segments.at(-1) === "index") segments.pop();

    const names = new Set<string>();
    const catchAll: string[] = [];
    const parts = segments.map((segment) => {
        const catchAllMatch = /^\[\[(.*)\]\]$/.exec(segment);
        const paramMatch = catchAllMatch ? undefined : /^\[(.*)\]$/.exec(segment);
        const name = (catchAllMatch ?? paramMatch)?.[1];
        if (name === undefined) {
            if (patternCharacters.test(segment)) {
                throw new FunctionFileError(
                    file,
                    `path segment "${segment}" is not a valid route segment: a [param] or [[catchall]] must be the whole segment, and : * ? { } are not allowed in names`
                );
            }
            return segment;
        }
        if (!paramName.test(name)) {
            throw new FunctionFileError(file, `invalid route parameter name "${name}": use only letters, digits and _ (/^[A-Za-z0-9_]+$/)`);
        }
        if (names.has(name)) throw new FunctionFileError(file, `route parameter "${name}" appears twice in the path`);
        names.add(name);
        if (!catchAllMatch) return `:${name}`;
        catchAll.push(name);
        return `:${name}*`;
    });
    if (catchAll.length > 1) {
        throw new FunctionFileError(
            file,
            `a route may have only one [[catchall]] segment, found ${catchAll.map((name) => `[[${name}]]`).join(", ")}`
        );
    }
    return { path: "/" + parts.join("/"), catchAll };
}
