/**
 * @module serve
 * `kettle serve [--host HOST[:PORT]]`: runs the server until SIGINT/SIGTERM, then shuts down
 * gracefully (requests in flight get `server.shutdown_timeout`; a second signal exits at once),
 * unloads every model and stops its lanes. `--routes` prints the function route table instead.
 */
import { resolve } from "node:path";
import { loadConfig, type LoadConfigResult } from "../../config/loadConfig.js";
import { parseHostAddress } from "../../config/parseHostAddress.js";
import type { RawConfig } from "../../config/Config.js";
import { UsageError } from "../UsageError.js";

export type ServeOptions = { host?: string; routes?: boolean; functions?: string[]; configFile?: string };

/** The configuration `serve` and `dev` run with: kettle.toml, env, and the `--host` flag. */
export function loadServeConfig(options: ServeOptions): LoadConfigResult {
    const flags: RawConfig = {};
    if (options.host) {
        try {
            const address = parseHostAddress(options.host);
            flags.server = { host: address.host, port: address.port };
        } catch (error) {
            throw new UsageError(`--host: ${(error as Error).message}`);
        }
    }
    return loadConfig({ ...(options.configFile ? { file: options.configFile } : {}), flags });
}

/** Resolves on the first SIGINT or SIGTERM. */
export function stopSignal(): Promise<void> {
    return new Promise<void>((done) => {
        const stop = () => {
            process.off("SIGINT", stop);
            process.off("SIGTERM", stop);
            done();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
    });
}

export async function serve(options: ServeOptions): Promise<void> {
    const { config, diagnostics } = loadServeConfig(options);
    if (diagnostics.warnings.length > 0) process.stderr.write(diagnostics.renderWarnings() + "\n");

    const functionDirs = (options.functions ?? []).map((dir) => resolve(dir));
    if (options.routes) {
        const { collectRoutes } = await import("../../server/collectRoutes.js");
        const { describeRouteTable } = await import("../../runtime/functions/describeRouteTable.js");
        const table = await collectRoutes(config.functions, functionDirs);
        for (const warning of table.warnings) process.stderr.write(`kettle: ${warning}\n`);
        process.stdout.write(describeRouteTable(table.routes) + "\n");
        await table.dispose();
        return;
    }

    const { startServer } = await import("../../server/startServer.js");
    const server = await startServer(config, { functionDirs });
    const { log } = await import("../../runtime/log/log.js");
    log().info(`listening on ${server.url} (models in ${config.store.path})`);
    await stopSignal();
    log().info(`shutting down (in-flight requests have ${config.server.shutdownTimeout / 1000} s; a second signal exits now)`);
    const now = () => {
        log().info("exiting now");
        process.exit(1);
    };
    process.once("SIGINT", now);
    process.once("SIGTERM", now);
    await server.close();
}
