/**
 * @module ModelCallRouter
 * `ctx.models` calls, from a function in a worker or on the control plane: each is resolved like a
 * request to its built-in endpoint (`/api/generate`, `/api/chat`, `/api/embed`) and placed like any
 * request. A call from a worker for the model that worker's task already holds is sent back to run
 * there (`call-local`); any other call's response streams back with the one encoder.
 */
import type { RequestPriority } from "../../runtime/engine/types.js";
import { BadRequestError } from "../../runtime/errors/BadRequestError.js";
import type { ModelCall, ModelEndpoint } from "../../runtime/functions/Models.js";
import { errorResponse } from "../../runtime/http/errorResponse.js";
import { sendResponse } from "../../pool/protocol/sendResponse.js";
import { taskFailure } from "../../pool/protocol/taskFailure.js";
import type { CallServer } from "./TaskRunner.js";
import type { BuiltInRequest, BuiltInRunner } from "./BuiltInRunner.js";
import { importFunctionModule } from "./functionModule.js";
import type { ModelPlacer } from "./ModelPlacer.js";
import { builtInRoute } from "./taskRoutes.js";
import type { UsageSink } from "../../runtime/metrics/ModelUsage.js";

type PreparedCall = Pick<BuiltInRequest, "route" | "module"> & {
    body: Record<string, unknown>;
    placement: Awaited<ReturnType<ModelPlacer["place"]>>;
};

export class ModelCallRouter {
    constructor(
        private readonly placer: ModelPlacer,
        private readonly builtIns: BuiltInRunner
    ) {}

    /**
     * `ctx.models` for functions on the control plane; a batch's line (a control-plane endpoint such
     * as `/v1/responses`) calls its model at batch priority, and is preempted like any line.
     */
    controlPlaneCall(priority: RequestPriority, onPreempt: (() => void) | undefined, usage: UsageSink): ModelCall {
        return async (endpoint, body, signal) => {
            try {
                return await this.#run(await this.#prepare(endpoint, body), signal, usage, priority, onPreempt);
            } catch (error) {
                return errorResponse(error);
            }
        };
    }

    /** Answers one `ctx.models` call of a task in a worker. */
    readonly serve: CallServer = (call, reply, heldKey, signal, usage) => {
        void (async () => {
            let response: Response;
            try {
                const prepared = await this.#prepare(call.endpoint, call.body);
                if ("key" in prepared.placement && prepared.placement.key === heldKey) {
                    reply({ type: "call-local", callId: call.callId });
                    return;
                }
                response = await this.#run(prepared, signal, usage);
            } catch (error) {
                response = errorResponse(error);
            }
            await sendResponse(response, (message) => reply({ type: "call-response", callId: call.callId, message }), {
                signal,
                failure: (error) => taskFailure(error)
            });
        })();
    };

    /** The call's endpoint and model, resolved; a call that will run in the caller's worker needs nothing more. */
    async #prepare(endpoint: ModelEndpoint, body: Record<string, unknown>): Promise<PreparedCall> {
        const route = builtInRoute(endpoint);
        const module = await importFunctionModule(route.module);
        const wanted = module.model!(body);
        if (!wanted) throw new BadRequestError("model is required");
        return { route, module, body, placement: await this.placer.place(wanted, module.requires) };
    }

    #run(
        { route, module, body, placement }: PreparedCall,
        signal: AbortSignal,
        usage: UsageSink,
        priority: RequestPriority = "interactive",
        onPreempt?: () => void
    ): Promise<Response> {
        const bytes = new TextEncoder().encode(JSON.stringify(body));
        const request = new Request(`http://kettle.internal${route.path}`, { method: "POST", body: bytes, signal });
        const call: BuiltInRequest = { route, module, request, body, bytes, params: {}, usage };
        if (module.runsOn === "control-plane") return this.builtIns.runHere(call, priority, onPreempt);
        return this.builtIns.runPlaced(call, placement, signal, priority, onPreempt);
    }
}
