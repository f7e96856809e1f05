/**
 * @module createDispatcher
 * The control plane's part of every request, composed from its pieces:
 * - a built-in without a `model` binding runs right here, with the server's services;
 * - a built-in with one has its body read once, its model resolved, checked and placed
 *   ({@link ModelPlacer}), and runs in the worker holding the model warm ({@link BuiltInRunner});
 *   unless it says `runsOn = "control-plane"` (the embeddings endpoints), when it runs here and
 *   reaches the model through the embeddings service, whose batches are `embed` tasks;
 * - a user's function runs in a worker, within its limits ({@link UserFunctionRunner});
 * - `ctx.models` calls are placed like any request ({@link ModelCallRouter}).
 * Every error a route raises is answered here, once, in its API family's shape.
 */
import type { Config } from "../../config/Config.js";
import type { ControlPlaneServices } from "../../runtime/functions/FunctionContext.js";
import type { RouteEntry } from "../../runtime/functions/types.js";
import { BadRequestError } from "../../runtime/errors/BadRequestError.js";
import { errorResponse } from "../../runtime/http/errorResponse.js";
import { readBodyBytes } from "../../runtime/http/readBodyBytes.js";
import { parseJsonBody } from "../../runtime/http/readJsonBody.js";
import type { Lane } from "../../pool/server/Lane.js";
import type { Scheduler } from "../../pool/server/scheduler/Scheduler.js";
import { VocabularyModels } from "../../runtime/engine/VocabularyModels.js";
import { BatchLineExecutor } from "./BatchLineExecutor.js";
import { BuiltInRunner } from "./BuiltInRunner.js";
import { createEmbeddingService } from "./createEmbeddingService.js";
import { importFunctionModule } from "./functionModule.js";
import type { LiveSettings } from "./LiveSettings.js";
import { ModelCallRouter } from "./ModelCallRouter.js";
import { ModelPlacer } from "./ModelPlacer.js";
import { TaskRunner } from "./TaskRunner.js";
import { UserFunctionRunner } from "./UserFunctionRunner.js";
import { log } from "../../runtime/log/log.js";
import { ignoreUsage, type UsageSink } from "../../runtime/metrics/ModelUsage.js";
import type { KettleMetrics } from "../observe/KettleMetrics.js";
import { recordOf } from "../observe/RequestRecord.js";

export type Dispatcher = (route: RouteEntry, request: Request, params: Record<string, string | string[]>) => Promise<Response>;

export function createDispatcher({
    services: baseServices,
    scheduler,
    lanes,
    config,
    live = config,
    metrics
}: {
    /** The server's services; the embeddings service, the queue's stats and the vocabularies are made here, beside the placement they use. */
    services: Omit<ControlPlaneServices, "embeddings" | "queue" | "vocabulary">;
    scheduler: Scheduler<Lane>;
    lanes: readonly Lane[];
    config: Config;
    /** What `kettle dev` may change without a restart: read at each request. */
    live?: LiveSettings;
    /** `GET /metrics`, fed from here; undefined when `server.metrics` is off. */
    metrics?: KettleMetrics | undefined;
}): Dispatcher {
    const placer = new ModelPlacer(baseServices.store, scheduler, baseServices.unloadModel, config, metrics);
    const countUsage = metrics?.usage ?? ignoreUsage;
    const vocabularies = new VocabularyModels();
    // The runner serves tasks' model calls through the router, which runs built-ins through the runner.
    let calls: ModelCallRouter | undefined;
    const runner = new TaskRunner(lanes, config.scheduler.loadTimeout, (...args) => calls!.serve(...args), metrics);
    const services: ControlPlaneServices = {
        ...baseServices,
        embeddings: createEmbeddingService(placer, runner, config),
        queue: placer.queueWaits,
        vocabulary: async (name) => {
            const placement = await placer.place({ name });
            if ("unloaded" in placement) throw new BadRequestError("unexpected unload request");
            return { definition: placement.definition, model: await vocabularies.get(placement.definition) };
        }
    };
    const builtIns = new BuiltInRunner(
        placer,
        runner,
        services,
        live,
        (priority, onPreempt, usage) => calls!.controlPlaneCall(priority, onPreempt, usage),
        countUsage
    );
    calls = new ModelCallRouter(placer, builtIns);
    // Batch jobs run their lines through the built-ins, beside the warm models.
    services.batchJobs.attach(new BatchLineExecutor(placer, builtIns, services.store), (message) => log().info(message));
    const users = new UserFunctionRunner(placer, runner, live);
    metrics?.attach({
        runningModels: () => scheduler.runningModels(),
        embeddingCache: () => services.embeddings.stats().cache,
        batchLines: () => {
            const batches = services.batchJobs.runner.stats();
            return {
                completed: batches.completed,
                failed: batches.failed,
                pending: batches.models.reduce((sum, model) => sum + model.pending, 0)
            };
        }
    });

    return async function dispatchFunction(route, request, params) {
        let family = route.errors ?? "ollama";
        const record = recordOf(request);
        const usage: UsageSink = record
            ? (used) => {
                  record.addUsage(used);
                  countUsage(used);
              }
            : countUsage;
        try {
            if (route.user) return await users.run(route, request, params, usage);
            const module = await importFunctionModule(route.module);
            family = module.errors ?? "ollama";
            const call = { route, module, request, params, body: undefined as unknown, bytes: undefined as Uint8Array | undefined, usage };
            if (typeof module.model !== "function") return await builtIns.runHere(call);
            call.bytes = await readBodyBytes(request, config.server.maxBodyBytes);
            call.body = parseJsonBody(call.bytes);
            if (module.runsOn === "control-plane") return await builtIns.runHere(call);
            const wanted = module.model(call.body);
            if (!wanted) throw new BadRequestError("model is required");
            if (record) record.model = wanted.name;
            return await builtIns.runPlaced(call, await placer.place(wanted, module.requires), request.signal);
        } catch (error) {
            return errorResponse(error, undefined, family);
        }
    };
}
