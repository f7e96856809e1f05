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

export type Dispatcher = (route: RouteEntry, request: Request, params: Record<string, string | string[]>) => Promise<Response>;

export function createDispatcher({
    services: baseServices,
    scheduler,
    lanes,
    config,
    live = config
}: {
    /** The server's services; the embeddings service, the queue's stats and the vocabularies are made here, beside the placement they use. */
    services: Omit<ControlPlaneServices, "embeddings" | "queue" | "vocabulary">;
    scheduler: Scheduler<Lane>;
    lanes: readonly Lane[];
    config: Config;
    /** What `kettle dev` may change without a restart: read at each request. */
    live?: LiveSettings;
}): Dispatcher {
    const placer = new ModelPlacer(baseServices.store, scheduler, baseServices.unloadModel, config);
    const vocabularies = new VocabularyModels();
    // The runner serves tasks' model calls through the router, which runs built-ins through the runner.
    let calls: ModelCallRouter | undefined;
    const runner = new TaskRunner(lanes, config.scheduler.loadTimeout, (...args) => calls!.serve(...args));
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
    const builtIns = new BuiltInRunner(placer, runner, services, live, (priority, onPreempt) =>
        calls!.controlPlaneCall(priority, onPreempt)
    );
    calls = new ModelCallRouter(placer, builtIns);
    // Batch jobs run their lines through the built-ins, beside the warm models.
    services.batchJobs.attach(new BatchLineExecutor(placer, builtIns, services.store), (message) =>
        process.stderr.write(`kettle: ${message}\n`)
    );
    const users = new UserFunctionRunner(placer, runner, live);

    return async function dispatchFunction(route, request, params) {
        let family = route.errors ?? "ollama";
        try {
            if (route.user) return await users.run(route, request, params);
            const module = await importFunctionModule(route.module);
            family = module.errors ?? "ollama";
            const call = { route, module, request, params, body: undefined as unknown, bytes: undefined as Uint8Array | undefined };
            if (typeof module.model !== "function") return await builtIns.runHere(call);
            call.bytes = await readBodyBytes(request, config.server.maxBodyBytes);
            call.body = parseJsonBody(call.bytes);
            if (module.runsOn === "control-plane") return await builtIns.runHere(call);
            const wanted = module.model(call.body);
            if (!wanted) throw new BadRequestError("model is required");
            return await builtIns.runPlaced(call, await placer.place(wanted, module.requires), request.signal);
        } catch (error) {
            return errorResponse(error, undefined, family);
        }
    };
}
