/**
 * @module BuiltInRunner
 * Runs Kettle's built-in functions. One with a `model` binding runs in the worker holding its model
 * warm, once placed; one without (or with `runsOn = "control-plane"`, the embeddings endpoints) runs
 * right here, with the server's services and `ctx.models` placed like any request.
 */
import type { RequestPriority } from "../../runtime/engine/types.js";
import type { ControlPlaneServices, FunctionContext, Handler } from "../../runtime/functions/FunctionContext.js";
import { createFunctionLog } from "../../runtime/functions/createFunctionLog.js";
import { createModels } from "../../runtime/functions/createModels.js";
import type { ModelCall } from "../../runtime/functions/Models.js";
import { runHandler } from "../../runtime/functions/runHandler.js";
import type { RouteEntry } from "../../runtime/functions/types.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";
import type { InvokeTask } from "../../pool/protocol/messages.js";
import type { FunctionModule } from "./functionModule.js";
import type { LiveSettings } from "./LiveSettings.js";
import type { ModelPlacer, Placement, Unloaded } from "./ModelPlacer.js";
import type { TaskRunner } from "./TaskRunner.js";
import { labelOf, taskRoute } from "./taskRoutes.js";
import type { UsageSink } from "../../runtime/metrics/ModelUsage.js";
import { countingEmbeddings } from "./countingEmbeddings.js";

/** A built-in's request, its body read once: parsed for the control plane, as bytes for the worker. */
export type BuiltInRequest = {
    route: RouteEntry;
    module: FunctionModule;
    request: Request;
    body: unknown;
    bytes: Uint8Array | undefined;
    params: Record<string, string | string[]>;
    /** Where its model calls' usage goes (the HTTP request's record and the metrics); else the metrics alone. */
    usage?: UsageSink;
};

export class BuiltInRunner {
    constructor(
        private readonly placer: ModelPlacer,
        private readonly runner: TaskRunner,
        private readonly services: ControlPlaneServices,
        private readonly live: LiveSettings,
        /** `ctx.models` for functions on the control plane (made by the call router, which runs built-ins itself). */
        private readonly controlPlaneCall: (priority: RequestPriority, onPreempt: (() => void) | undefined, usage: UsageSink) => ModelCall,
        /** The usage sink of calls made for no HTTP request (batch lines, preloads). */
        private readonly defaultUsage: UsageSink
    ) {}

    /** Runs a model-bound built-in in the worker holding its placed model. */
    async runPlaced(
        call: BuiltInRequest,
        placement: Placement | Unloaded,
        signal: AbortSignal,
        priority: RequestPriority = "interactive",
        onPreempt?: () => void
    ): Promise<Response> {
        if ("unloaded" in placement) return jsonResponse(placement.unloaded);
        const lease = await this.placer.acquire(placement, signal, priority, onPreempt);
        const { request, bytes } = call;
        const task: InvokeTask = {
            kind: "invoke",
            route: taskRoute(call.route, false),
            request: {
                url: request.url,
                method: request.method,
                headers: [...request.headers],
                json: true,
                ...(bytes ? { body: bytes } : {})
            },
            params: call.params,
            env: this.live.vars,
            model: { key: lease.key, definition: placement.definition, load: placement.load },
            ...(priority === "batch" ? { priority: "batch" as const } : {})
        };
        return this.runner.invoke(task, lease, signal, call.module.errors ?? "ollama", undefined, call.usage ?? this.defaultUsage);
    }

    /** Runs a built-in on the control plane, with the server's services; its `ctx.models` calls go at `priority`. */
    runHere(call: BuiltInRequest, priority: RequestPriority = "interactive", onPreempt?: () => void): Promise<Response> {
        const { route, module, request } = call;
        const handler = module[route.exportName] as Handler;
        const log = createFunctionLog(labelOf(route));
        const usage = call.usage ?? this.defaultUsage;
        const ctx: Omit<FunctionContext, "next" | "data"> = {
            request,
            params: call.params,
            body: call.body,
            signal: request.signal,
            env: this.live.vars,
            models: createModels(this.controlPlaneCall(priority, onPreempt, usage), request.signal),
            log,
            waitUntil: (promise) => void Promise.resolve(promise).catch((error: unknown) => log.error("waitUntil:", error)),
            services: { ...this.services, embeddings: countingEmbeddings(this.services.embeddings, usage) }
        };
        return runHandler([{ handler, where: `${route.file}#${route.exportName}` }], ctx);
    }
}
