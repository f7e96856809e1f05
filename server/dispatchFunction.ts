/**
 * @module dispatchFunction
 * The control plane's part of every request.
 * - A built-in without a `model` binding runs right here, with the server's services.
 * - A built-in with one has its body parsed once, its model resolved in the store, checked and
 *   placed by the scheduler, and then runs in the worker that holds the model warm; unless it
 *   says `runsOn = "control-plane"` (the embeddings endpoints), when it runs here and reaches the
 *   model through the embeddings service, whose batches run in that worker.
 * - A user's function never runs here: its limits are applied (body size, concurrency, timeout),
 *   and it runs in a worker: the one holding its model warm when it names one (kettle.toml's
 *   `[functions.routes."/path"] model`, else the JSON body's `model`), else the least busy one.
 * `ctx.models` calls from a worker come back here and are placed like any request; a call for the
 * model the calling function already holds is sent back to run in its own worker.
 */
import { statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { LRUCache } from "lru-cache";
import { parseDuration } from "../config/parseDuration.js";
import type { Config } from "../config/Config.js";
import { BadRequestError } from "../runtime/errors/BadRequestError.js";
import { CapabilityError } from "../runtime/errors/CapabilityError.js";
import { FunctionBusyError } from "../runtime/errors/FunctionBusyError.js";
import { loadOptionsFor } from "../runtime/engine/loadOptionsFor.js";
import { modelDefinition } from "../runtime/engine/modelDefinition.js";
import type { EmbedItem, LoadOptions, ModelDefinition } from "../runtime/engine/types.js";
import { decodeEmbeddingBatch } from "../runtime/embeddings/embeddingBatchCodec.js";
import type { EmbeddingPlacement, EmbeddingSlot } from "../runtime/embeddings/EmbeddingBackend.js";
import { EmbeddingService } from "../runtime/embeddings/EmbeddingService.js";
import { ModelCallError } from "../runtime/errors/ModelCallError.js";
import { createFunctionLog } from "../runtime/functions/createFunctionLog.js";
import { createModels } from "../runtime/functions/createModels.js";
import type { ControlPlaneServices, FunctionContext, Handler } from "../runtime/functions/FunctionContext.js";
import type { ModelCall, ModelEndpoint } from "../runtime/functions/Models.js";
import { runHandler } from "../runtime/functions/runHandler.js";
import type { ModelBinding, ModelRequest, ModelRequirement, RouteEntry, RunsOn } from "../runtime/functions/types.js";
import { errorResponse, type ErrorFamily } from "../runtime/http/errorResponse.js";
import { jsonResponse } from "../runtime/http/jsonResponse.js";
import { readBodyBytes } from "../runtime/http/readBodyBytes.js";
import { readJsonBody } from "../runtime/http/readJsonBody.js";
import { readModel, type Model } from "../runtime/models/readModel.js";
import { displayShortest, requireModelName } from "../runtime/store/ModelName.js";
import type { Lane } from "../pool/Lane.js";
import { modelKey } from "../pool/modelKey.js";
import type { Lease, Scheduler } from "../pool/Scheduler.js";
import type { CallReply, InvokeTask, ModelCallMessage } from "../pool/protocol.js";
import { builtInFunctionsDir } from "./collectRoutes.js";

type FunctionModule = Record<string, unknown> & {
    model?: ModelBinding;
    requires?: ModelRequirement;
    errors?: ErrorFamily;
    runsOn?: RunsOn;
};

/** The settings a reload may change: the functions' limits and routes, and `ctx.env`. */
export type LiveSettings = { functions: Config["functions"]; vars: Config["vars"] };

export type Dispatcher = (route: RouteEntry, request: Request, params: Record<string, string | string[]>) => Promise<Response>;

/** A model request resolved on the control plane: which warm model it needs, with what load options. */
type Placement = { definition: ModelDefinition; load: LoadOptions; keepAliveMs: number | undefined; key: string; name: string };

type TaskRoute = InvokeTask["route"];

export function createDispatcher({
    services: baseServices,
    scheduler,
    lanes,
    config,
    live = config
}: {
    /** The server's services; the embeddings service is made here, beside the placement it uses. */
    services: Omit<ControlPlaneServices, "embeddings">;
    scheduler: Scheduler;
    lanes: readonly Lane[];
    config: Config;
    /** What `kettle dev` may change without a restart: read at each request. */
    live?: LiveSettings;
}): Dispatcher {
    const modules = new Map<string, Promise<FunctionModule>>();
    // Reading a GGUF's metadata takes milliseconds to tens of them; a manifest digest pins the content.
    const definitions = new LRUCache<string, ModelDefinition>({ max: 64 });
    const loadDefaults = {
        contextLength: config.engine.contextLength,
        threads: config.engine.threads,
        numParallel: config.scheduler.numParallel,
        flashAttention: config.engine.flashAttention,
        kvCacheType: config.engine.kvCacheType,
        embeddingSequences: config.embeddings.maxBatch,
        embeddingTokens: config.embeddings.batchTokens
    };
    /** User functions in flight, by route. */
    const inFlight = new Map<string, number>();
    const cpuLane = () => lanes.find((lane) => lane.device.kind === "cpu") ?? lanes[0]!;

    // `[models."name"]` tables by the name `ps` shows (the shortest form, lower case).
    const modelSettings = new Map(
        Object.entries(config.models).map(([name, settings]) => [displayShortest(requireModelName(name)).toLowerCase(), settings])
    );

    // Resolving a name reads a few directories and files; a cached answer is re-checked with one stat
    // of its manifest (a rewrite by create, copy or another process changes it), so it is never stale.
    // That stat is synchronous: a few microseconds, where a thread-pool round trip would add a
    // tenth of a millisecond to every request (an embeddings cache hit is a few tenths in all).
    const resolved = new LRUCache<string, { model: Model; mtimeMs: number; ino: number; size: number }>({ max: 256 });
    const resolveModel = async (name: string): Promise<Model> => {
        const cached = resolved.get(name);
        if (cached) {
            const info = statSync(cached.model.stored.path, { throwIfNoEntry: false });
            if (info && info.mtimeMs === cached.mtimeMs && info.ino === cached.ino && info.size === cached.size) return cached.model;
        }
        const model = await readModel(baseServices.store, requireModelName(name));
        const info = await stat(model.stored.path);
        resolved.set(name, { model, mtimeMs: info.mtimeMs, ino: info.ino, size: info.size });
        return model;
    };

    const moduleFor = (file: string) => {
        let module = modules.get(file);
        if (!module) {
            module = import(pathToFileURL(file).href) as Promise<FunctionModule>;
            modules.set(file, module);
        }
        return module;
    };

    /** Resolves a model request; one that only asks to unload is done here, and answers `{ unloaded: body }`. */
    async function place(wanted: ModelRequest, requires?: ModelRequirement): Promise<Placement | { unloaded: unknown }> {
        const keepAliveMs = wanted.keepAlive === undefined || wanted.keepAlive === null ? undefined : parseKeepAlive(wanted.keepAlive);
        const model = await resolveModel(wanted.name);
        if (wanted.unloadResponse !== undefined) {
            await baseServices.unloadModel(displayShortest(model.stored.name));
            return { unloaded: wanted.unloadResponse };
        }
        let definition = definitions.get(model.stored.digest);
        if (!definition) {
            definition = await modelDefinition(model);
            definitions.set(model.stored.digest, definition);
        }
        if (requires && !definition.capabilities.includes(requires.capability)) throw new CapabilityError(wanted.name, requires.action);
        const settings = modelSettings.get(definition.name.toLowerCase());
        const load = loadOptionsFor(definition, wanted.options, {
            ...loadDefaults,
            numParallel: settings?.numParallel ?? loadDefaults.numParallel
        });
        return { definition, load, keepAliveMs, key: modelKey(definition, load), name: wanted.name };
    }

    function acquire(placement: Placement, signal: AbortSignal): Promise<Lease> {
        const settings = modelSettings.get(placement.definition.name.toLowerCase());
        return scheduler.acquire(placement.definition, placement.load, placement.keepAliveMs, signal, {
            replicas: settings?.replicas ?? 1,
            ...(settings?.gpu !== undefined ? { gpu: settings.gpu } : {})
        });
    }

    const embeddingBatchRoute = internalRoute(
        "embeddings batch",
        fileURLToPath(new URL("../runtime/embeddings/embedBatchHandler.js", import.meta.url))
    );
    const embeddings = new EmbeddingService<Placement & EmbeddingPlacement>(
        {
            place: async (request) => {
                const placement = await place({ name: request.model, options: request.options, keepAlive: request.keepAlive });
                if ("unloaded" in placement) throw new BadRequestError("unexpected unload request");
                const settings = modelSettings.get(placement.definition.name.toLowerCase());
                return {
                    ...placement,
                    digest: placement.definition.digest,
                    contextSize: placement.load.contextSize,
                    replicas: settings?.replicas ?? 1
                };
            },
            acquire: async (placement, signal): Promise<EmbeddingSlot> => {
                const lease = await acquire(placement, signal);
                let used = false;
                return {
                    run: async (items: EmbedItem[], runSignal: AbortSignal) => {
                        used = true;
                        const body = { items };
                        const task: InvokeTask = {
                            kind: "invoke",
                            route: taskRoute(embeddingBatchRoute, false),
                            request: { url: "http://kettle.internal/embeddings-batch", method: "POST", headers: [] },
                            params: {},
                            body,
                            env: {},
                            model: { key: lease.key, definition: placement.definition, load: placement.load }
                        };
                        const response = await runTask(task, lease, runSignal, "ollama");
                        if (!response.ok) {
                            const answer = (await response.json().catch(() => ({}))) as { error?: unknown };
                            throw new ModelCallError(
                                response.status,
                                typeof answer.error === "string" ? answer.error : response.statusText
                            );
                        }
                        return decodeEmbeddingBatch(new Uint8Array(await response.arrayBuffer()));
                    },
                    release: () => {
                        if (!used) lease.release();
                        used = true;
                    }
                };
            }
        },
        {
            batchWindowMs: config.embeddings.batchWindow,
            maxBatch: config.embeddings.maxBatch,
            cacheMaxBytes: config.embeddings.cacheMaxBytes,
            cacheTtlMs: config.embeddings.cacheTtl
        }
    );
    const services: ControlPlaneServices = { ...baseServices, embeddings };

    /** Runs a task in a lane; with a lease, in the worker holding its model. Serves the task's model calls. */
    async function runTask(
        task: InvokeTask,
        lease: Lease | undefined,
        signal: AbortSignal,
        errors: ErrorFamily,
        onDone: () => void = () => undefined
    ): Promise<Response> {
        const lane = lease?.lane ?? cpuLane();
        const calls = new Map<number, AbortController>();
        try {
            return await lane.invoke(lease?.workerId, task, {
                signal,
                ...(lease
                    ? {
                          onLoaded: (loaded) => lease.recordSize(loaded.sizeBytes, loaded.vramBytes),
                          onLoadFailed: (reason) => lease.loadFailed(reason)
                      }
                    : {}),
                onCall: (call, reply) => void serveCall(call, reply, lease?.key, calls),
                onCallAbort: (callId) => calls.get(callId)?.abort(),
                onDone: () => {
                    for (const controller of calls.values()) controller.abort();
                    lease?.release();
                    onDone();
                },
                loadTimeoutMs: config.scheduler.loadTimeout,
                errors
            });
        } catch (error) {
            lease?.release();
            onDone();
            throw error;
        }
    }

    /** Answers one `ctx.models` call of a function. */
    async function serveCall(
        call: ModelCallMessage,
        reply: (message: CallReply) => void,
        heldKey: string | undefined,
        calls: Map<number, AbortController>
    ) {
        const controller = new AbortController();
        calls.set(call.callId, controller);
        let response: Response;
        try {
            const prepared = await prepareCall(call.endpoint, call.body);
            if ("key" in prepared.placement && prepared.placement.key === heldKey) {
                calls.delete(call.callId);
                reply({ type: "call-local", callId: call.callId });
                return;
            }
            response = await runCall(prepared, call.body, controller.signal);
        } catch (error) {
            response = errorResponse(error);
        }
        reply({ type: "call-head", callId: call.callId, status: response.status, headers: [...response.headers] });
        const reader = response.body?.getReader();
        controller.signal.addEventListener("abort", () => void reader?.cancel().catch(() => undefined), { once: true });
        try {
            for (;;) {
                const next = await reader?.read();
                if (!next || next.done) break;
                reply({ type: "call-chunk", callId: call.callId, bytes: new Uint8Array(next.value) });
            }
        } catch {
            // cancelled by the caller
        }
        calls.delete(call.callId);
        reply({ type: "call-end", callId: call.callId });
    }

    /** Runs a built-in model-bound route for an already placed model. */
    async function runPlaced(
        route: RouteEntry,
        module: FunctionModule,
        request: Request,
        body: unknown,
        params: Record<string, string | string[]>,
        placement: Placement | { unloaded: unknown },
        signal: AbortSignal
    ): Promise<Response> {
        if ("unloaded" in placement) return jsonResponse(placement.unloaded);
        const lease = await acquire(placement, signal);
        const task: InvokeTask = {
            kind: "invoke",
            route: taskRoute(route, false),
            request: { url: request.url, method: request.method, headers: [...request.headers], body: JSON.stringify(body) },
            params,
            body,
            env: live.vars,
            model: { key: lease.key, definition: placement.definition, load: placement.load }
        };
        return runTask(task, lease, signal, module.errors ?? "ollama");
    }

    /** A `ctx.models` call resolved like a request to its built-in endpoint: the route, its module, the model's placement. */
    async function prepareCall(endpoint: ModelEndpoint, body: Record<string, unknown>) {
        const route = builtInRoute(endpoint);
        const module = await moduleFor(route.module);
        const wanted = module.model!(body);
        if (!wanted) throw new BadRequestError("model is required");
        return { route, module, placement: await place(wanted, module.requires) };
    }

    function runCall(prepared: Awaited<ReturnType<typeof prepareCall>>, body: Record<string, unknown>, signal: AbortSignal) {
        const { route, module, placement } = prepared;
        const request = new Request(`http://kettle.internal${route.path}`, { method: "POST", body: JSON.stringify(body), signal });
        if (module.runsOn === "control-plane") return runHere(route, module, request, body, {});
        return runPlaced(route, module, request, body, {}, placement, signal);
    }

    /** Runs a built-in on the control plane, with the server's services. */
    function runHere(
        route: RouteEntry,
        module: FunctionModule,
        request: Request,
        body: unknown,
        params: Record<string, string | string[]>
    ): Promise<Response> {
        const handler = module[route.exportName] as Handler;
        const log = createFunctionLog(labelOf(route));
        const ctx: Omit<FunctionContext, "next" | "data"> = {
            request,
            params,
            body,
            signal: request.signal,
            env: live.vars,
            models: createModels(controlPlaneCall, request.signal),
            log,
            waitUntil: (promise) => void Promise.resolve(promise).catch((error: unknown) => log.error("waitUntil:", error)),
            services
        };
        return runHandler([{ handler, where: `${route.file}#${route.exportName}` }], ctx);
    }

    /** `ctx.models` for functions on the control plane: the same placement as any request. */
    const controlPlaneCall: ModelCall = async (endpoint, body, signal) => {
        try {
            return await runCall(await prepareCall(endpoint, body), body, signal);
        } catch (error) {
            return errorResponse(error);
        }
    };

    async function runUser(route: RouteEntry, request: Request, params: Record<string, string | string[]>): Promise<Response> {
        const settings = { ...live.functions.limits, ...live.functions.routes[route.path] };
        const label = labelOf(route);
        const routeKey = `${route.method} ${route.path}`;
        const running = inFlight.get(routeKey) ?? 0;
        if (running >= settings.maxConcurrency) throw new FunctionBusyError(label, settings.maxConcurrency);
        inFlight.set(routeKey, running + 1);
        let released = false;
        const release = () => {
            if (released) return;
            released = true;
            inFlight.set(routeKey, (inFlight.get(routeKey) ?? 1) - 1);
        };
        try {
            const signal = request.signal;
            const bytes =
                request.method === "GET" || request.method === "HEAD" ? undefined : await readBodyBytes(request, settings.maxBodyBytes);
            const body = bytes && isJson(request) ? parseJson(bytes) : undefined;
            const modelName = settings.model ?? modelOf(body);
            const task: InvokeTask = {
                kind: "invoke",
                route: taskRoute(route, true),
                request: { url: request.url, method: request.method, headers: [...request.headers], ...(bytes ? { body: bytes } : {}) },
                params,
                body,
                env: live.vars,
                ...(Number.isFinite(settings.timeout) ? { timeoutMs: settings.timeout } : {})
            };
            if (modelName === undefined) return await runTask(task, undefined, signal, route.errors ?? "ollama", release);
            const placement = await place({ name: modelName });
            if ("unloaded" in placement) throw new BadRequestError("unexpected unload request");
            const lease = await acquire(placement, signal);
            task.model = { key: lease.key, definition: placement.definition, load: placement.load };
            return await runTask(task, lease, signal, route.errors ?? "ollama", release);
        } catch (error) {
            release();
            throw error;
        }
    }

    return async function dispatchFunction(route, request, params) {
        if (route.user) return runUser(route, request, params);
        const module = await moduleFor(route.module);
        try {
            if (typeof module.model !== "function") return await runHere(route, module, request, undefined, params);
            const body = await readJsonBody(request, config.server.maxBodyBytes);
            if (module.runsOn === "control-plane") return await runHere(route, module, request, body, params);
            const wanted = module.model(body);
            if (!wanted) throw new BadRequestError("model is required");
            return await runPlaced(route, module, request, body, params, await place(wanted, module.requires), request.signal);
        } catch (error) {
            // Errors of a function with its own API family are rendered here, in that family's shape.
            if (module.errors === undefined || module.errors === "ollama") throw error;
            return errorResponse(error, undefined, module.errors);
        }
    };
}

/** A module the dispatcher runs as a task in a worker but that no URL routes to. */
function internalRoute(name: string, file: string): RouteEntry {
    return {
        path: `/(${name})`,
        method: "POST",
        file,
        module: file,
        relativeFile: name,
        exportName: "onRequestPost",
        catchAll: [],
        middleware: []
    };
}

/** The built-in route behind `ctx.models.<endpoint>`. */
function builtInRoute(endpoint: ModelEndpoint): RouteEntry {
    const file = join(builtInFunctionsDir, "api", `${endpoint}.js`);
    return {
        path: `/api/${endpoint}`,
        method: "POST",
        file,
        module: file,
        relativeFile: `api/${endpoint}.js`,
        exportName: "onRequestPost",
        catchAll: [],
        middleware: []
    };
}

function taskRoute(route: RouteEntry, user: boolean): TaskRoute {
    return {
        file: route.file,
        module: route.module,
        exportName: route.exportName,
        middleware: route.middleware,
        label: labelOf(route),
        user
    };
}

/** How logs and errors name a route: `POST /summarise (summarise.ts)`. */
function labelOf(route: RouteEntry): string {
    return `${route.method === "ALL" ? "*" : route.method} ${route.path} (${route.relativeFile})`;
}

function isJson(request: Request): boolean {
    const type = request.headers.get("content-type") ?? "";
    return /[/+]json\b/i.test(type);
}

/** A JSON body, or undefined when it is not valid JSON (the function reads the request itself). */
function parseJson(bytes: Uint8Array): unknown {
    try {
        return JSON.parse(new TextDecoder().decode(bytes));
    } catch {
        return undefined;
    }
}

function modelOf(body: unknown): string | undefined {
    if (typeof body !== "object" || body === null) return undefined;
    const model = (body as { model?: unknown }).model;
    return typeof model === "string" && model !== "" ? model : undefined;
}

/** Ollama's keep_alive: seconds as a number, or a duration string with a unit ("3600" alone is an error). */
function parseKeepAlive(value: unknown): number {
    try {
        return parseDuration(value);
    } catch (error) {
        throw new BadRequestError(`invalid keep_alive: ${error instanceof Error ? error.message : String(error)}`);
    }
}
