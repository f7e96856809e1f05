/**
 * @module serve
 * `kettle serve [--host HOST[:PORT]]`: runs the server until SIGINT/SIGTERM, then unloads every model
 * and stops its lanes. `--routes` prints the function route table instead.
 */
import { loadConfig } from "../../config/loadConfig.js";
import { parseHostAddress } from "../../config/parseHostAddress.js";
import type { RawConfig } from "../../config/Config.js";
import { UsageError } from "../UsageError.js";

export async function serve(options: { host?: string; routes?: boolean; functions?: string[]; configFile?: string }): Promise<void> {
    const flags: RawConfig = {};
    if (options.host) {
        try {
            const address = parseHostAddress(options.host);
            flags.server = { host: address.host, port: address.port };
        } catch (error) {
            throw new UsageError(`--host: ${(error as Error).message}`);
        }
    }
    const { config, diagnostics } = loadConfig({ ...(options.configFile ? { file: options.configFile } : {}), flags });
    if (diagnostics.warnings.length > 0) process.stderr.write(diagnostics.renderWarnings() + "\n");

    const { resolve } = await import("node:path");
    const functionDirs = (options.functions ?? []).map((dir) => resolve(dir));
    if (options.routes) {
        const { collectRoutes } = await import("../../server/collectRoutes.js");
        const { describeRouteTable } = await import("../../runtime/functions/describeRouteTable.js");
        const { routes, warnings } = await collectRoutes(config.functions, functionDirs);
        for (const warning of warnings) process.stderr.write(`kettle: ${warning}\n`);
        process.stdout.write(describeRouteTable(routes) + "\n");
        return;
    }

    const { startServer } = await import("../../server/startServer.js");
    const server = await startServer(config, { functionDirs });
    process.stderr.write(`kettle: listening on ${server.url} (models in ${config.store.path})\n`);
    await new Promise<void>((resolve) => {
        const stop = () => {
            process.off("SIGINT", stop);
            process.off("SIGTERM", stop);
            resolve();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
    });
    process.stderr.write("kettle: shutting down\n");
    await server.close();
}
