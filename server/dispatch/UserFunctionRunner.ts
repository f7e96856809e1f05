/**
 * @module UserFunctionRunner
 * A user's function never runs on the control plane: its limits are applied here (body size,
 * concurrency per route, timeout) and it runs in a worker: the one holding its model warm when it
 * names one (kettle.toml's `[functions.routes."/path"] model`, else the JSON body's `model`), else
 * the least busy one. Its body travels once, as the bytes the client sent.
 */
import type { UsageSink } from "../../runtime/metrics/ModelUsage.js";
import { BadRequestError } from "../../runtime/errors/BadRequestError.js";
import { FunctionBusyError } from "../../runtime/errors/FunctionBusyError.js";
import type { RouteEntry } from "../../runtime/functions/types.js";
import { readBodyBytes } from "../../runtime/http/readBodyBytes.js";
import type { InvokeTask } from "../../pool/protocol/messages.js";
import type { LiveSettings } from "./LiveSettings.js";
import type { ModelPlacer } from "./ModelPlacer.js";
import type { TaskRunner } from "./TaskRunner.js";
import { labelOf, taskRoute } from "./taskRoutes.js";

export class UserFunctionRunner {
    /** Requests in flight, by route. */
    readonly #inFlight = new Map<string, number>();

    constructor(
        private readonly placer: ModelPlacer,
        private readonly runner: TaskRunner,
        private readonly live: LiveSettings
    ) {}

    async run(route: RouteEntry, request: Request, params: Record<string, string | string[]>, usage: UsageSink): Promise<Response> {
        const settings = { ...this.live.functions.limits, ...this.live.functions.routes[route.path] };
        const routeKey = `${route.method} ${route.path}`;
        const running = this.#inFlight.get(routeKey) ?? 0;
        if (running >= settings.maxConcurrency) throw new FunctionBusyError(labelOf(route), settings.maxConcurrency);
        this.#inFlight.set(routeKey, running + 1);
        let released = false;
        const release = () => {
            if (released) return;
            released = true;
            this.#inFlight.set(routeKey, (this.#inFlight.get(routeKey) ?? 1) - 1);
        };
        try {
            const signal = request.signal;
            const bytes =
                request.method === "GET" || request.method === "HEAD" ? undefined : await readBodyBytes(request, settings.maxBodyBytes);
            const json = bytes !== undefined && isJson(request);
            const modelName = settings.model ?? (json ? modelOf(bytes) : undefined);
            const task: InvokeTask = {
                kind: "invoke",
                route: taskRoute(route, true),
                request: {
                    url: request.url,
                    method: request.method,
                    headers: [...request.headers],
                    json,
                    ...(bytes ? { body: bytes } : {})
                },
                params,
                env: this.live.vars,
                ...(Number.isFinite(settings.timeout) ? { timeoutMs: settings.timeout } : {})
            };
            const errors = route.errors ?? "ollama";
            if (modelName === undefined) return await this.runner.invoke(task, undefined, signal, errors, release, usage);
            const placement = await this.placer.place({ name: modelName });
            if ("unloaded" in placement) throw new BadRequestError("unexpected unload request");
            const lease = await this.placer.acquire(placement, signal);
            task.model = { key: lease.key, definition: placement.definition, load: placement.load };
            return await this.runner.invoke(task, lease, signal, errors, release, usage);
        } catch (error) {
            release();
            throw error;
        }
    }
}

function isJson(request: Request): boolean {
    return /[/+]json\b/i.test(request.headers.get("content-type") ?? "");
}

/** The `model` of a JSON body, when it names one (a body that is not valid JSON names none). */
function modelOf(bytes: Uint8Array): string | undefined {
    let body: unknown;
    try {
        body = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
        return undefined;
    }
    if (typeof body !== "object" || body === null) return undefined;
    const model = (body as { model?: unknown }).model;
    return typeof model === "string" && model !== "" ? model : undefined;
}
