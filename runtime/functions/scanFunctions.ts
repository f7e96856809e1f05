/**
 * @module scanFunctions
 * Builds the route table from a functions folder, Cloudflare Pages style. Skipped: names starting
 * with `_` or `.` (except `_middleware`, which wraps every route of its folder and the folders
 * below), and `*.test.*` files. The built-in folder holds compiled JavaScript and is imported
 * here; a user's folder holds TypeScript or JavaScript and is bundled (see FunctionBundler), so
 * its code first runs in a worker.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compareRoutes } from "./compareRoutes.js";
import { filePathToRoute } from "./filePathToRoute.js";
import { FunctionFileError } from "./FunctionFileError.js";
import { errorFamilies } from "../http/errorResponse.js";
import { handlerExportNames, type HandlerExportName, type ModuleRef, type RouteEntry, type RouteMethod } from "./types.js";

/** What a module offers: the path to import and its exports (values when imported, names when bundled). */
export type ReadModule = (file: string) => Promise<{ module: string; exports: Record<string, unknown> | string[] }>;

export type ScanOptions = {
    /** Where the folder is mounted: "" or "/something". */
    prefix?: string;
    /** How a file becomes a module; importing it as it is by default (compiled JavaScript). */
    read?: ReadModule;
    /** File extensions of function files. */
    extensions?: readonly string[];
};

export type ScanResult = {
    routes: RouteEntry[];
    /** Files that cannot be served, each with what is wrong; the other files still are. */
    problems: FunctionFileError[];
};

const middlewareName = /^_middleware\.[a-z]+$/;
export const userExtensions = [".ts", ".mts", ".js", ".mjs"] as const;
const compiledExtensions = [".js", ".mjs"] as const;

const importModule: ReadModule = async (file) => ({
    module: file,
    exports: (await import(pathToFileURL(file).href)) as Record<string, unknown>
});

type Listing = { files: string[]; middleware: Map<string, string> };

/** Function files below `dir` (as `/`-separated relative paths, in name order) and each folder's middleware. */
async function listFunctionFiles(
    dir: string,
    extensions: readonly string[],
    folder = "",
    listing: Listing = { files: [], middleware: new Map() }
) {
    const entries = (await readdir(join(dir, folder), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    const hasExtension = (name: string) => extensions.some((extension) => name.endsWith(extension) && !name.endsWith(".d" + extension));
    for (const entry of entries) {
        const relative = folder ? `${folder}/${entry.name}` : entry.name;
        if (middlewareName.test(entry.name) && hasExtension(entry.name)) {
            const existing = listing.middleware.get(folder);
            if (existing) throw new FunctionFileError(join(dir, relative), `${existing} is this folder's middleware already; keep one`);
            listing.middleware.set(folder, relative);
            continue;
        }
        if (entry.name.startsWith("_") || entry.name.startsWith(".") || entry.name === "node_modules") continue;
        // Symbolic links are followed, so a functions folder may link in shared files.
        const isDirectory = entry.isSymbolicLink() ? (await stat(join(dir, relative))).isDirectory() : entry.isDirectory();
        if (isDirectory) await listFunctionFiles(dir, extensions, relative, listing);
        else if (hasExtension(entry.name) && !/\.test\.[a-z]+$/.test(entry.name)) listing.files.push(relative);
    }
    return listing;
}

function methodOf(exportName: HandlerExportName): RouteMethod {
    return exportName === "onRequest" ? "ALL" : (exportName.slice("onRequest".length).toUpperCase() as RouteMethod);
}

function describeValue(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array (handler chains are not supported)";
    return `a value of type ${typeof value}`;
}

/** The folders from the root down to the one holding `relativeFile`: "", "api", "api/v2". */
function foldersOf(relativeFile: string): string[] {
    const parts = relativeFile.split("/").slice(0, -1);
    return ["", ...parts.map((_, index) => parts.slice(0, index + 1).join("/"))];
}

/**
 * One RouteEntry per handler export of every function file below `dir`, sorted by compareRoutes.
 * A file that cannot be served is reported in `problems` and left out.
 */
export async function scanFunctionFolder(dir: string, options: ScanOptions = {}): Promise<ScanResult> {
    const prefix = options.prefix ?? "";
    const read = options.read ?? importModule;
    const problems: FunctionFileError[] = [];
    const routes: RouteEntry[] = [];
    const claimed = new Map<string, RouteEntry>();
    let listing: Listing;
    try {
        listing = await listFunctionFiles(dir, options.extensions ?? compiledExtensions);
    } catch (error) {
        if (!(error instanceof FunctionFileError)) throw error;
        return { routes, problems: [error] };
    }

    // Each folder's middleware, read once; a broken one takes its folder's routes out with it.
    const middleware = new Map<string, Promise<ModuleRef | FunctionFileError>>();
    const middlewareOf = (folder: string) => {
        const relative = listing.middleware.get(folder);
        if (relative === undefined) return undefined;
        let entry = middleware.get(folder);
        if (!entry) {
            const file = join(dir, relative);
            entry = readChecked(read, file).then(
                ({ module, exports }) =>
                    handlerExportNames.some((name) => has(exports, name))
                        ? { file, module }
                        : new FunctionFileError(file, `exports no middleware handler (${handlerExportNames.join(", ")})`),
                (error: unknown) => error as FunctionFileError
            );
            middleware.set(folder, entry);
        }
        return entry;
    };

    for (const relativeFile of listing.files) {
        const file = join(dir, relativeFile);
        try {
            const routed = filePathToRoute(relativeFile, file);
            const path = prefix === "" ? routed.path : routed.path === "/" ? prefix : prefix + routed.path;
            const chain: ModuleRef[] = [];
            for (const folder of foldersOf(relativeFile)) {
                const wrapper = await middlewareOf(folder);
                if (wrapper instanceof FunctionFileError)
                    throw new FunctionFileError(file, `its middleware cannot be used: ${wrapper.message}`);
                if (wrapper) chain.push(wrapper);
            }
            const { module, exports } = await readChecked(read, file);
            const handlers = handlerExportNames.filter((name) => has(exports, name));
            if (handlers.length === 0) {
                throw new FunctionFileError(file, `exports no handler: export one of ${handlerExportNames.join(", ")}`);
            }
            const fileRoutes: RouteEntry[] = [];
            for (const exportName of handlers) {
                const errors = Array.isArray(exports) ? undefined : errorFamilies.find((family) => family === exports.errors);
                const route: RouteEntry = {
                    path,
                    method: methodOf(exportName),
                    file,
                    module,
                    relativeFile,
                    exportName,
                    catchAll: routed.catchAll,
                    middleware: chain,
                    ...(errors ? { errors } : {})
                };
                const previous = claimed.get(shapeOf(route));
                if (previous) {
                    throw new FunctionFileError(
                        file,
                        `${route.method} ${path} is also served by ${previous.relativeFile}#${previous.exportName}; only one file may serve a route`
                    );
                }
                fileRoutes.push(route);
            }
            for (const route of fileRoutes) claimed.set(shapeOf(route), route);
            routes.push(...fileRoutes);
        } catch (error) {
            if (!(error instanceof FunctionFileError)) throw error;
            problems.push(error);
        }
    }
    return { routes: routes.sort(compareRoutes), problems };
}

/** Like {@link scanFunctionFolder}, but any problem is thrown: for folders that must be whole (the built-ins). */
export async function scanFunctions(dir: string, prefix = ""): Promise<RouteEntry[]> {
    const { routes, problems } = await scanFunctionFolder(dir, { prefix });
    if (problems.length > 0) throw problems[0];
    return routes;
}

/** Param names do not change what a pattern matches: `[id]` and `[name]` in one folder collide. */
function shapeOf(route: RouteEntry): string {
    return `${route.method} ${route.path.replace(/:[A-Za-z0-9_]+/g, ":")}`;
}

function has(exports: Record<string, unknown> | string[], name: string): boolean {
    return Array.isArray(exports) ? exports.includes(name) : exports[name] !== undefined;
}

/** Reads a module; an imported one must have functions where handlers are exported. */
async function readChecked(read: ReadModule, file: string) {
    let result;
    try {
        result = await read(file);
    } catch (error) {
        if (error instanceof FunctionFileError) throw error;
        throw new FunctionFileError(file, `cannot be imported: ${error instanceof Error ? error.message : String(error)}`, {
            cause: error
        });
    }
    if (!Array.isArray(result.exports)) {
        for (const name of handlerExportNames) {
            const value = result.exports[name];
            if (value !== undefined && typeof value !== "function") {
                throw new FunctionFileError(file, `export "${name}" must be a function, but it is ${describeValue(value)}`);
            }
        }
    }
    return result;
}
