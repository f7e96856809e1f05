/**
 * @module BatchLineExecutor
 * How a batch's line reaches its model in the server: the endpoint's own built-in handler, with
 * the line's body, placed like a request but acquiring its sequence at batch priority, so it runs
 * in the worker beside the warm model and its answer comes back whole. When an interactive request
 * needs the sequence, the line is stopped and reported preempted (the runner runs it again). Any
 * other error is rendered as the endpoint would answer it (status and body), so it lands in the
 * error file as such.
 */
import { isBatchEndpoint } from "../../runtime/batches/batchEndpoints.js";
import type { LineExecutor, LineRequest, LineResponse } from "../../runtime/batches/BatchRunner.js";
import { LinePreemptedError } from "../../runtime/batches/LinePreemptedError.js";
import { BadRequestError } from "../../runtime/errors/BadRequestError.js";
import { errorResponse, type ErrorFamily } from "../../runtime/http/errorResponse.js";
import type { ModelStore } from "../../runtime/store/ModelStore.js";
import { requireModelName } from "../../runtime/store/ModelName.js";
import type { BuiltInRunner } from "./BuiltInRunner.js";
import { importFunctionModule } from "./functionModule.js";
import type { ModelPlacer } from "./ModelPlacer.js";
import { builtInPostRoute } from "./taskRoutes.js";

export class BatchLineExecutor implements LineExecutor {
    constructor(
        private readonly placer: ModelPlacer,
        private readonly builtIns: BuiltInRunner,
        private readonly store: ModelStore
    ) {}

    async run({ endpoint, body, signal: batchSignal }: LineRequest): Promise<LineResponse> {
        let family: ErrorFamily = endpoint.startsWith("/v1/") ? "openai" : "ollama";
        // The line stops when its batch does, or when it is preempted.
        const preemption = new AbortController();
        const signal = AbortSignal.any([batchSignal, preemption.signal]);
        const onPreempt = () => preemption.abort();
        const preempted = () => preemption.signal.aborted;
        let response: Response;
        try {
            if (!isBatchEndpoint(endpoint)) throw new BadRequestError(`${endpoint} cannot be called from a batch`);
            const route = builtInPostRoute(endpoint);
            const module = await importFunctionModule(route.module);
            family = module.errors ?? family;
            const bytes = new TextEncoder().encode(JSON.stringify(body));
            const request = new Request(`http://batch.kettle.internal${endpoint}`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: bytes,
                signal
            });
            const call = { route, module, request, params: {}, body, bytes };
            if (module.runsOn === "control-plane" || typeof module.model !== "function") {
                // Its model calls (a `/v1/responses` line's chat) go at batch priority, preemptible.
                response = await this.builtIns.runHere(call, "batch", onPreempt);
            } else {
                const wanted = module.model(body);
                if (!wanted) throw new BadRequestError("model is required");
                response = await this.builtIns.runPlaced(
                    call,
                    await this.placer.place(wanted, module.requires),
                    signal,
                    "batch",
                    onPreempt
                );
            }
        } catch (error) {
            if (preempted()) throw new LinePreemptedError();
            if (signal.aborted) throw error;
            response = errorResponse(error, undefined, family);
        }
        const text = await response.text().catch((error: unknown) => {
            throw preempted() ? new LinePreemptedError() : error;
        });
        if (preempted()) throw new LinePreemptedError();
        let parsed: unknown = text;
        try {
            parsed = JSON.parse(text);
        } catch {
            // Not JSON (never from the built-ins): the text as it came.
        }
        return { status: response.status, body: parsed };
    }

    async slots(model: string): Promise<number> {
        const placement = await this.placer.place({ name: model });
        if ("unloaded" in placement) return 1;
        return placement.load.sequences * (this.placer.settingsOf(placement.definition)?.replicas ?? 1);
    }

    async modelExists(model: string): Promise<boolean> {
        try {
            await this.store.get(requireModelName(model));
            return true;
        } catch {
            return false;
        }
    }
}
