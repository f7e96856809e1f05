/**
 * @module startServer
 * The composition root of `kettle serve`: opens (and prunes) the model store, scans the functions,
 * starts the CPU lane and the scheduler, and listens. `close()` unloads every model and stops the lane.
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import type { Config } from "../config/Config.js";
import { discoverDevices } from "../pool/server/discoverDevices.js";
import { BatchJobs } from "../runtime/batches/BatchJobs.js";
import { physicalCoreCount } from "../runtime/engine/physicalCoreCount.js";
import type { ControlPlaneServices } from "../runtime/functions/FunctionContext.js";
import { kettleVersion } from "../runtime/kettleVersion.js";
import { ModelTransfers } from "../runtime/registry/ModelTransfers.js";
import { ModelStore } from "../runtime/store/ModelStore.js";
import { Lane } from "../pool/server/Lane.js";
import { Scheduler } from "../pool/server/scheduler/Scheduler.js";
import { collectRoutes } from "./collectRoutes.js";
import { createApp } from "./createApp.js";
import { createDispatcher } from "./dispatch/createDispatcher.js";
import type { LiveSettings } from "./dispatch/LiveSettings.js";

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

/** Blobs written this recently may belong to a `create` whose manifest is not written yet. */
const pruneGraceMs = 10 * 60 * 1000;

export type StartServerOptions = {
    /** More folders of the user's functions (`--functions`), mounted at the root after kettle.toml's `[functions]` folder. */
    functionDirs?: string[];
};

export async function startServer(config: Config, options: StartServerOptions = {}): Promise<RunningServer> {
    const store = new ModelStore(config.store.path);
    if (!config.store.noprune) {
        const pruned = await store.prune({ graceMs: pruneGraceMs });
        if (pruned.skipped) process.stderr.write(`kettle: not pruning the model store: ${pruned.skipped}\n`);
    }
    const functionDirs = options.functionDirs ?? [];
    const tables = [await collectRoutes(config.functions, functionDirs)];
    for (const warning of tables[0]!.warnings) process.stderr.write(`kettle: ${warning}\n`);
    const effective: Config = { ...config, engine: { ...config.engine, threads: config.engine.threads || physicalCoreCount() } };

    const devices = await discoverDevices();
    const lanes = devices.map((device) => {
        return new Lane(device, { workers: config.scheduler.workers, gpu: device.engineGpu });
    });
    await Promise.all(lanes.map((lane) => lane.start()));
    const budget = (lane: Lane) => {
        if (lane.device.kind === "cpu" && config.scheduler.memoryLimit > 0) return config.scheduler.memoryLimit;
        return Math.max(0, lane.device.freeBytes - config.scheduler.memoryReserve);
    };
    const scheduler = new Scheduler({
        lanes,
        budget,
        maxLoadedModels: config.scheduler.maxLoadedModels,
        maxQueue: config.scheduler.maxQueue,
        defaultKeepAliveMs: config.scheduler.keepAlive
    });
    const batchJobs = BatchJobs.open(config.batches);
    const services: Omit<ControlPlaneServices, "embeddings" | "queue"> = {
        store,
        batchJobs,
        config: effective,
        version: kettleVersion,
        runningModels: () => scheduler.runningModels(),
        unloadModel: (name) => scheduler.unloadModel(name),
        transfers: new ModelTransfers(store, config.registry, { noprune: config.store.noprune })
    };
    const live: LiveSettings = { functions: config.functions, vars: config.vars };
    const dispatch = createDispatcher({ services, scheduler, lanes, config: effective, live });
    let app = createApp(tables[0]!.routes, dispatch, effective);

    const server: ServerType = serve({ fetch: (request) => app.fetch(request), hostname: config.server.host, port: config.server.port });
    try {
        await Promise.race([once(server, "listening"), once(server, "error").then(([error]) => Promise.reject(error))]);
    } catch (error) {
        await batchJobs.close();
        await Promise.all(lanes.map((lane) => lane.close()));
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
    const host = config.server.host.includes(":") ? `[${config.server.host}]` : config.server.host;
    return {
        url: `http://${host}:${port}`,
        port,
        lanes,
        reloadFunctions: async (next) => {
            const table = await collectRoutes(next.functions, functionDirs, tables.at(-1));
            tables.push(table);
            live.functions = next.functions;
            live.vars = next.vars;
            app = createApp(table.routes, dispatch, effective);
            return table.warnings;
        },
        close: async () => {
            const closed = new Promise<void>((resolve) => server.close(() => resolve()));
            // Idle keep-alive connections would hold close() open; in-flight requests still finish.
            (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
            await closed;
            // Lines in flight stay pending and run again at the next start.
            await batchJobs.close();
            scheduler.unloadAll();
            await Promise.all(lanes.map((lane) => lane.close()));
            // Bundles of every version served are removed only now: a request may still be importing one.
            await Promise.all(tables.map((table) => table.dispose()));
        }
    };
}
