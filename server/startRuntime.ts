/**
 * @module startRuntime
 * Everything of `kettle serve` but the HTTP listener: the model store (pruned), the lanes and the
 * scheduler, the batch jobs and stored responses, and the dispatcher that runs functions on them. `kettle batch run`
 * uses it alone, to run a batch in process with the same runner the server has.
 */
import type { Config } from "../config/Config.js";
import { discoverDevices } from "../pool/server/discoverDevices.js";
import { Lane } from "../pool/server/Lane.js";
import { Scheduler } from "../pool/server/scheduler/Scheduler.js";
import { BatchJobs } from "../runtime/batches/BatchJobs.js";
import { ResponseStore } from "../runtime/responses/ResponseStore.js";
import { Readiness } from "./Readiness.js";
import { physicalCoreCount } from "../runtime/engine/physicalCoreCount.js";
import type { ControlPlaneServices } from "../runtime/functions/FunctionContext.js";
import { kettleVersion } from "../runtime/kettleVersion.js";
import { ModelTransfers } from "../runtime/registry/ModelTransfers.js";
import { ModelStore } from "../runtime/store/ModelStore.js";
import { createDispatcher, type Dispatcher } from "./dispatch/createDispatcher.js";
import type { LiveSettings } from "./dispatch/LiveSettings.js";
import { log, setLogFormat } from "../runtime/log/log.js";
import { KettleMetrics } from "./observe/KettleMetrics.js";

/** Blobs written this recently may belong to a `create` whose manifest is not written yet. */
const pruneGraceMs = 10 * 60 * 1000;

export type Runtime = {
    /** The configuration with its defaults worked out (threads). */
    config: Config;
    lanes: Lane[];
    batchJobs: BatchJobs;
    readiness: Readiness;
    dispatch: Dispatcher;
    /** What `kettle dev` may change without a restart. */
    live: LiveSettings;
    /** `GET /metrics`; undefined when `server.metrics` is off. */
    metrics: KettleMetrics | undefined;
    /** Stops the batches' lines (they stay pending), unloads every model and stops the lanes. */
    close(): Promise<void>;
};

export async function startRuntime(config: Config): Promise<Runtime> {
    setLogFormat(config.log.format);
    const store = new ModelStore(config.store.path);
    if (!config.store.noprune) {
        const pruned = await store.prune({ graceMs: pruneGraceMs });
        if (pruned.skipped) log().warn(`not pruning the model store: ${pruned.skipped}`);
    }
    const effective: Config = { ...config, engine: { ...config.engine, threads: config.engine.threads || physicalCoreCount() } };
    const batchJobs = BatchJobs.open(config.batches);
    const responses = new ResponseStore(batchJobs.database);
    responses.startRetention(config.responses.retention);
    const devices = await discoverDevices();
    const lanes = devices.map((device) => new Lane(device, { workers: config.scheduler.workers, gpu: device.engineGpu, logFormat: config.log.format }));
    try {
        await Promise.all(lanes.map((lane) => lane.start()));
    } catch (error) {
        await Promise.all(lanes.map((lane) => lane.close()));
        await batchJobs.close();
        throw error;
    }
    const budget = (lane: Lane) => {
        if (lane.device.kind === "cpu" && config.scheduler.memoryLimit > 0) return config.scheduler.memoryLimit;
        return Math.max(0, lane.device.freeBytes - config.scheduler.memoryReserve);
    };
    const scheduler = new Scheduler({
        lanes,
        budget,
        maxLoadedModels: config.scheduler.maxLoadedModels,
        maxQueue: config.scheduler.maxQueue,
        interactiveReserveMs: config.batches.interactiveReserve,
        defaultKeepAliveMs: config.scheduler.keepAlive
    });
    const readiness = new Readiness(
        () => lanes.map((lane) => ({ name: lane.name, up: lane.up })),
        () => scheduler.runningModels(),
        Object.entries(config.models)
            .filter(([, settings]) => settings.preload)
            .map(([name]) => name)
    );
    const metrics = config.server.metrics ? new KettleMetrics() : undefined;
    const services: Omit<ControlPlaneServices, "embeddings" | "queue" | "vocabulary"> = {
        metrics,
        store,
        batchJobs,
        responses,
        readiness,
        config: effective,
        version: kettleVersion,
        runningModels: () => scheduler.runningModels(),
        unloadModel: (name) => scheduler.unloadModel(name),
        transfers: new ModelTransfers(store, config.registry, { noprune: config.store.noprune })
    };
    const live: LiveSettings = { functions: config.functions, vars: config.vars };
    const dispatch = createDispatcher({ services, scheduler, lanes, config: effective, live, metrics });
    return {
        config: effective,
        lanes,
        batchJobs,
        readiness,
        dispatch,
        live,
        metrics,
        close: async () => {
            // Lines in flight stay pending and run again at the next start.
            responses.stopRetention();
            await batchJobs.close();
            scheduler.unloadAll();
            await Promise.all(lanes.map((lane) => lane.close()));
        }
    };
}
