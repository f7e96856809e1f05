/**
 * @module scanFunctions
 * Builds the route table from a functions folder, Cloudflare Pages style. At run time the folder
 * holds compiled JavaScript (`dist/functions/`), so `.js` and `.mjs` files are scanned. Skipped:
 * names starting with `_` (`_middleware` is reserved for middleware) or `.`, and `*.test.js`.
 * Each module is imported once here, which also surfaces syntax and import errors at start-up.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compareRoutes } from "./compareRoutes.js";
import { filePathToRoute } from "./filePathToRoute.js";
import { FunctionFileError } from "./FunctionFileError.js";
import { errorFamilies } from "../http/errorResponse.js";
import { handlerExportNames, type HandlerExportName, type RouteEntry, type RouteMethod } from "./types.js";

function isFunctionFile(name: string): boolean {
    return /\.m?js$/.test(name) && !/\.test\.m?js$/.test(name);
}

/** Function files below `dir`, as `/`-separated relative paths, in name order. */
async function listFunctionFiles(dir: string, prefix = ""): Promise<string[]> {
    const entries = (await readdir(join(dir, prefix), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    const files: string[] = [];
    for (const entry of entries) {
        if (entry.name.startsWith("_") || entry.name.startsWith(".")) continue;
        const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
        // Symbolic links are followed, so a functions folder may link in shared files.
        const isDirectory = entry.isSymbolicLink() ? (await stat(join(dir, relative))).isDirectory() : entry.isDirectory();
        if (isDirectory) files.push(...(await listFunctionFiles(dir, relative)));
        else if (isFunctionFile(entry.name)) files.push(relative);
    }
    return files;
}

function methodOf(exportName: HandlerExportName): RouteMethod {
    return exportName === "onRequest" ? "ALL" : (exportName.slice("onRequest".length).toUpperCase() as RouteMethod);
}

function describeValue(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array (handler chains are not supported)";
    return `a value of type ${typeof value}`;
}

/**
 * One RouteEntry per handler export of every function file below `dir`, sorted by compareRoutes;
 * `prefix` ("" or "/something") is where the folder is mounted.
 */
export async function scanFunctions(dir: string, prefix = ""): Promise<RouteEntry[]> {
    const routes: RouteEntry[] = [];
    const claimed = new Map<string, RouteEntry>();
    for (const relativeFile of await listFunctionFiles(dir)) {
        const file = join(dir, relativeFile);
        const routed = filePathToRoute(relativeFile, file);
        const path = prefix === "" ? routed.path : routed.path === "/" ? prefix : prefix + routed.path;
        const catchAll = routed.catchAll;
        let module: Record<string, unknown>;
        try {
            module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
        } catch (error) {
            throw new FunctionFileError(file, `cannot be imported: ${error instanceof Error ? error.message : String(error)}`, {
                cause: error
            });
        }
        for (const exportName of handlerExportNames) {
            const handler = module[exportName];
            if (handler === undefined) continue;
            if (typeof handler !== "function") {
                throw new FunctionFileError(file, `export "${exportName}" must be a function, but it is ${describeValue(handler)}`);
            }
            const errors = errorFamilies.find((family) => family === module.errors);
            const route: RouteEntry = {
                path,
                method: methodOf(exportName),
                file,
                relativeFile,
                exportName,
                catchAll,
                ...(errors ? { errors } : {})
            };
            // Param names do not change what a pattern matches: `[id]` and `[name]` in one folder collide.
            const key = `${route.method} ${path.replace(/:[A-Za-z0-9_]+/g, ":")}`;
            const previous = claimed.get(key);
            if (previous) {
                throw new FunctionFileError(
                    file,
                    `${route.method} ${path} is also served by ${previous.relativeFile}#${previous.exportName}; only one file may serve a route`
                );
            }
            claimed.set(key, route);
            routes.push(route);
        }
    }
    return routes.sort(compareRoutes);
}
