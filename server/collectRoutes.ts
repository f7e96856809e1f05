/**
 * @module collectRoutes
 * The server's route table: the built-in endpoints, then the user's function folders (kettle.toml's
 * `[functions]` folder at its prefix, and any `--functions` folders). A route a built-in already
 * serves stays the built-in's; each such collision is reported, naming the user's file.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FunctionsConfig } from "../config/Config.js";
import { compareRoutes } from "../runtime/functions/compareRoutes.js";
import { scanFunctions } from "../runtime/functions/scanFunctions.js";
import type { RouteEntry } from "../runtime/functions/types.js";

export const builtInFunctionsDir = fileURLToPath(new URL("../functions/", import.meta.url));

export type RouteTable = { routes: RouteEntry[]; warnings: string[] };

/** `extraDirs` (the `--functions` flag) are mounted at the root. A missing configured folder is skipped. */
export async function collectRoutes(functions: FunctionsConfig, extraDirs: readonly string[] = []): Promise<RouteTable> {
    const warnings: string[] = [];
    const claimed = new Map<string, RouteEntry>();
    const routes: RouteEntry[] = [];
    const add = (route: RouteEntry, builtIn: boolean) => {
        const key = `${route.method} ${route.path}`;
        const owner = claimed.get(key);
        if (owner) {
            if (!builtIn) warnings.push(`${route.file} serves ${key}, which ${owner.file} already serves; the first folder wins`);
            return;
        }
        claimed.set(key, route);
        routes.push(route);
    };
    for (const route of await scanFunctions(builtInFunctionsDir)) add(route, true);
    const builtIns = new Set(claimed.keys());
    const folders = [
        ...(existsSync(functions.dir) ? [{ dir: functions.dir, prefix: functions.prefix }] : []),
        ...extraDirs.map((dir) => ({ dir, prefix: "" }))
    ];
    for (const { dir, prefix } of folders) {
        for (const route of await scanFunctions(dir, prefix)) {
            const key = `${route.method} ${route.path}`;
            if (builtIns.has(key)) {
                warnings.push(`${route.file} serves ${key}, which is a built-in endpoint; the built-in is kept`);
                continue;
            }
            add(route, false);
        }
    }
    return { routes: routes.sort(compareRoutes), warnings };
}
