/**
 * @module startServer
 * The composition root of `kettle serve`: scans the functions, starts the runtime (store, lanes,
 * scheduler, batch jobs: startRuntime), listens, and resumes unfinished batches. `close()` stops
 * listening, then the runtime.
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import type { Config } from "../config/Config.js";
import type { Lane } from "../pool/server/Lane.js";
import { collectRoutes } from "./collectRoutes.js";
import { ApiKeys } from "./ApiKeys.js";
import type { Server as HttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createApp } from "./createApp.js";
import { slowClientOptions, slowClientTimeouts } from "./slowClientTimeouts.js";
import { tlsOptions } from "./tlsOptions.js";
import { InFlightStreams } from "./InFlightStreams.js";
import { ShuttingDownError } from "../runtime/errors/ShuttingDownError.js";
import { preloadModels } from "./preloadModels.js";
import { startRuntime } from "./startRuntime.js";
import { log } from "../runtime/log/log.js";

export type RunningServer = {
    url: string;
    port: number;
    lanes: Lane[];
    /**
     * Serves the user's functions anew from `config` (its `[functions]`, `[vars]` and secrets), keeping
     * every lane and warm model. Answers the problems found, one message each.
     */
    reloadFunctions(config: Config): Promise<string[]>;
    close(): Promise<void>;
};

export type StartServerOptions = {
    /** More folders of the user's functions (`--functions`), mounted at the root after kettle.toml's `[functions]` folder. */
    functionDirs?: string[];
};

export async function startServer(config: Config, options: StartServerOptions = {}): Promise<RunningServer> {
    const functionDirs = options.functionDirs ?? [];
    const tables = [await collectRoutes(config.functions, functionDirs)];
    for (const warning of tables[0]!.warnings) log().warn(warning);
    // Before anything starts: an unreadable key file stops the server here.
    const keys = ApiKeys.load(config.server);
    const tls = tlsOptions(config.server);
    const streams = new InFlightStreams();
    const runtime = await startRuntime(config);
    const { dispatch, live, config: effective, lanes, batchJobs, readiness, metrics } = runtime;
    let app = createApp(tables[0]!.routes, dispatch, effective, keys, streams, metrics);

    const limits = { headerTimeoutMs: config.server.headerTimeout, bodyTimeoutMs: config.server.bodyTimeout };
    const server: ServerType = serve({
        // The env carries Node's request and response (observeRequests sets the request id on it).
        fetch: (request, env) => app.fetch(request, env),
        hostname: config.server.host,
        port: config.server.port,
        serverOptions: { ...slowClientOptions(limits), ...(tls ?? {}) },
        ...(tls ? { createServer: createHttpsServer } : {})
    });
    slowClientTimeouts(server as HttpServer, limits);
    try {
        await Promise.race([once(server, "listening"), once(server, "error").then(([error]) => Promise.reject(error))]);
    } catch (error) {
        await runtime.close();
        await Promise.all(tables.map((table) => table.dispose()));
        const code = (error as NodeJS.ErrnoException).code;
        const where = `${config.server.host}:${config.server.port}`;
        throw new Error(
            code === "EADDRINUSE"
                ? `cannot listen on ${where}: the address is already in use (is another server running?)`
                : `cannot listen on ${where}: ${String(error)}`
        );
    }
    const port = (server.address() as AddressInfo).port;
    batchJobs.start();
    // Preloaded models load now, and again whenever a lane comes back from a crash without them.
    const preload = () => void preloadModels(readiness.preload, dispatch, (line) => log().warn(line));
    if (readiness.preload.length > 0) {
        preload();
        for (const lane of lanes) lane.on("ready", preload);
    }
    const host = config.server.host.includes(":") ? `[${config.server.host}]` : config.server.host;
    return {
        url: `${tls ? "https" : "http"}://${host}:${port}`,
        port,
        lanes,
        reloadFunctions: async (next) => {
            const table = await collectRoutes(next.functions, functionDirs, tables.at(-1));
            tables.push(table);
            live.functions = next.functions;
            live.vars = next.vars;
            app = createApp(table.routes, dispatch, effective, keys, streams, metrics);
            return table.warnings;
        },
        close: async () => {
            // Not ready, no new connections; what is in flight has server.shutdown_timeout to finish.
            readiness.drain();
            const http = server as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
            const closed = new Promise<void>((resolve) => server.close(() => resolve()));
            // Keep-alive connections left idle (now or when their response ends) would hold close() open.
            http.closeIdleConnections?.();
            const idle = setInterval(() => http.closeIdleConnections?.(), 100);
            const late = setTimeout(() => {
                // Streams end with their API's last error event; a request still without its response is cut.
                streams.endAll(new ShuttingDownError());
                setTimeout(() => http.closeAllConnections?.(), 1000).unref();
            }, config.server.shutdownTimeout);
            await closed;
            clearInterval(idle);
            clearTimeout(late);
            // Batch lines in flight stop and stay pending: the next start runs them again.
            await runtime.close();
            // Bundles of every version served are removed only now: a request may still be importing one.
            await Promise.all(tables.map((table) => table.dispose()));
        }
    };
}
