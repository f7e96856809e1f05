/**
 * @module dev
 * `kettle dev`: `kettle serve` for someone writing functions. It watches the functions folders,
 * kettle.toml and `.dev.vars`; on a change it rebuilds the route table and swaps it in, keeping
 * the lanes and every warm model, so the next request finds its model loaded. A file that stops
 * compiling is reported and its last good version keeps serving. Settings that need new lanes or
 * a new listener (server, store, scheduler, engine, models) are reported as needing a restart.
 */
import { watch, type FSWatcher } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Config } from "../../config/Config.js";
import { devVarsFileName } from "../../config/readDevVars.js";
import { loadServeConfig, stopSignal, type ServeOptions } from "./serve.js";

/** Changes closer together than this are one reload (an editor's save is several events). */
const settleMs = 50;
const restartSections = ["server", "store", "scheduler", "engine", "models"] as const;

export async function dev(options: ServeOptions): Promise<void> {
    const { config, diagnostics } = loadServeConfig(options);
    if (diagnostics.warnings.length > 0) process.stderr.write(diagnostics.renderWarnings() + "\n");
    const functionDirs = (options.functions ?? []).map((dir) => resolve(dir));
    const { startServer } = await import("../../server/startServer.js");
    const server = await startServer(config, { functionDirs });
    process.stderr.write(`kettle: listening on ${server.url} (models in ${config.store.path}); watching for changes\n`);

    let current: Config = config;
    let timer: NodeJS.Timeout | undefined;
    let reloading: Promise<void> = Promise.resolve();
    const reload = async () => {
        const started = performance.now();
        let next: Config;
        try {
            const loaded = loadServeConfig(options);
            next = loaded.config;
            if (loaded.diagnostics.warnings.length > 0) process.stderr.write(loaded.diagnostics.renderWarnings() + "\n");
        } catch (error) {
            process.stderr.write(
                `kettle: ${error instanceof Error ? error.message : String(error)}\n  (the functions keep serving as they were)\n`
            );
            return;
        }
        for (const section of restartSections) {
            if (JSON.stringify(next[section]) !== JSON.stringify(current[section])) {
                process.stderr.write(`kettle: [${section}] changed; restart kettle dev to apply it\n`);
            }
        }
        current = next;
        const warnings = await server.reloadFunctions(next);
        for (const warning of warnings) process.stderr.write(`kettle: ${warning}\n`);
        process.stderr.write(`kettle: reloaded functions in ${Math.round(performance.now() - started)} ms\n`);
    };
    const schedule = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
            reloading = reloading.then(reload).catch((error: unknown) => {
                process.stderr.write(`kettle: reload failed: ${String(error)}\n`);
            });
        }, settleMs);
    };

    const configFile = config.sources.file;
    const configDir = configFile ? dirname(configFile) : process.cwd();
    const watchers: FSWatcher[] = [];
    const watchPath = (path: string, recursive: boolean, filter: (name: string) => boolean = () => true) => {
        try {
            watchers.push(watch(path, { recursive }, (_event, name) => name !== null && filter(String(name)) && schedule()));
        } catch {
            // A folder that does not exist yet: its creation shows up in the config folder's watcher.
        }
    };
    for (const dir of [config.functions.dir, ...functionDirs]) watchPath(dir, true);
    // kettle.toml, .dev.vars, and the functions folder appearing.
    watchPath(
        configDir,
        false,
        (name) =>
            [configFile ? configFile.slice(configDir.length + 1) : "kettle.toml", devVarsFileName].includes(name) ||
            resolve(configDir, name) === config.functions.dir
    );

    await stopSignal();
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
    process.stderr.write("kettle: shutting down\n");
    await server.close();
}
