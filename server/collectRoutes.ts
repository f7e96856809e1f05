/**
 * @module collectRoutes
 * The server's route table: the built-in endpoints, then the user's function folders (kettle.toml's
 * `[functions]` folder at its prefix, and any `--functions` folders). A route a built-in already
 * serves stays the built-in's; each such collision is reported, naming the user's file. A user's
 * file that cannot be served (it does not compile, exports no handler, has a bad param name) is
 * reported and left out; the rest of the table is served.
 */
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FunctionsConfig } from "../config/Config.js";
import { compareRoutes } from "../runtime/functions/compareRoutes.js";
import { FunctionBundler, stopBundling } from "../runtime/functions/FunctionBundler.js";
import { scanFunctionFolder, scanFunctions, userExtensions } from "../runtime/functions/scanFunctions.js";
import type { RouteEntry } from "../runtime/functions/types.js";

export const builtInFunctionsDir = fileURLToPath(new URL("../functions/", import.meta.url));

/**
 * Kettle's own function folders: the compiled built-ins, and their TypeScript source at the package
 * root (which the default `dir = "./functions"` names when Kettle is started in its own checkout).
 * Neither is ever mounted again as a user's folder.
 */
const builtInFolders = new Set(
    [builtInFunctionsDir, fileURLToPath(new URL("../../functions/", import.meta.url))].map((dir) => realFolder(dir))
);

function realFolder(dir: string): string {
    try {
        return realpathSync(dir);
    } catch {
        return dir;
    }
}

export type RouteTable = {
    routes: RouteEntry[];
    /** Collisions and unusable files, one message each, naming the file. */
    warnings: string[];
    /** Removes the bundles of the user's files (once nothing serves them any more). */
    dispose(): Promise<void>;
};

let bundleGeneration = 0;

/** The folder a user's functions are bundled into: beside their folder, so their imports of packages resolve. */
export function bundleDirFor(dir: string): string {
    return join(dirname(dir), ".kettle", "functions", String(process.pid), String(bundleGeneration++));
}

/**
 * `extraDirs` (the `--functions` flag) are mounted at the root. A missing configured folder is
 * skipped. With `previous` (a reload), a file that has become unusable keeps serving the routes
 * its last good version served.
 */
export async function collectRoutes(
    functions: Pick<FunctionsConfig, "dir" | "prefix">,
    extraDirs: readonly string[] = [],
    previous?: RouteTable
): Promise<RouteTable> {
    const warnings: string[] = [];
    const claimed = new Map<string, RouteEntry>();
    const routes: RouteEntry[] = [];
    for (const route of await scanFunctions(builtInFunctionsDir)) {
        claimed.set(`${route.method} ${route.path}`, route);
        routes.push(route);
    }
    const builtIns = new Set(claimed.keys());
    const folders = [
        ...(existsSync(functions.dir) ? [{ dir: functions.dir, prefix: functions.prefix }] : []),
        ...extraDirs.map((dir) => ({ dir, prefix: "" }))
    ].filter(({ dir }) => !builtInFolders.has(realFolder(dir)));
    const bundlers: FunctionBundler[] = [];
    for (const { dir, prefix } of folders) {
        const bundler = new FunctionBundler(bundleDirFor(dir));
        bundlers.push(bundler);
        const scanned = await scanFunctionFolder(dir, { prefix, extensions: userExtensions, read: (file) => bundler.bundle(file) });
        const kept: RouteEntry[] = [];
        for (const problem of scanned.problems) {
            const lastGood = previous?.routes.filter((route) => route.user && route.file === problem.file) ?? [];
            kept.push(...lastGood);
            warnings.push(`${problem.message}\n  (${lastGood.length > 0 ? "its last good version keeps serving" : "not served"})`);
        }
        for (const route of [...scanned.routes, ...kept]) {
            const key = `${route.method} ${route.path}`;
            const owner = claimed.get(key);
            if (builtIns.has(key)) {
                warnings.push(`${route.file} serves ${key}, which is a built-in endpoint; the built-in is kept`);
                continue;
            }
            if (owner) {
                warnings.push(`${route.file} serves ${key}, which ${owner.file} already serves; the first folder wins`);
                continue;
            }
            claimed.set(key, route);
            routes.push({ ...route, user: true });
        }
    }
    // esbuild keeps a helper process for later builds; a reload starts it again.
    if (bundlers.length > 0) await stopBundling();
    return {
        routes: routes.sort(compareRoutes),
        warnings,
        dispose: async () => {
            await Promise.all(bundlers.map((bundler) => bundler.dispose()));
        }
    };
}
