/**
 * @module dispatchFunction
 * The control plane's part of every request: a function without a `model` binding runs right here
 * with the server's services; a model-bound one has its body parsed once, its model resolved in the
 * store, checked and placed by the scheduler, and then runs in the worker that holds the model warm.
 */
import { stat } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import type { Context } from "hono";
import { LRUCache } from "lru-cache";
import { parseDuration } from "../config/parseDuration.js";
import type { Config } from "../config/Config.js";
import { BadRequestError } from "../runtime/errors/BadRequestError.js";
import { CapabilityError } from "../runtime/errors/CapabilityError.js";
import { loadOptionsFor } from "../runtime/engine/loadOptionsFor.js";
import { modelDefinition } from "../runtime/engine/modelDefinition.js";
import type { ModelDefinition } from "../runtime/engine/types.js";
import type { ControlPlaneServices, FunctionHandler } from "../runtime/functions/FunctionContext.js";
import type { ModelBinding, ModelRequirement, RouteEntry } from "../runtime/functions/types.js";
import { errorResponse, type ErrorFamily } from "../runtime/http/errorResponse.js";
import { jsonResponse } from "../runtime/http/jsonResponse.js";
import { readJsonBody } from "../runtime/http/readJsonBody.js";
import { readModel, type Model } from "../runtime/models/readModel.js";
import { displayShortest, requireModelName } from "../runtime/store/ModelName.js";
import type { Scheduler } from "../pool/Scheduler.js";
import type { InvokeTask } from "../pool/protocol.js";

type FunctionModule = Record<string, unknown> & { model?: ModelBinding; requires?: ModelRequirement; errors?: ErrorFamily };

export type Dispatcher = (route: RouteEntry, c: Context, params: Record<string, string | string[]>) => Promise<Response>;

export function createDispatcher({
    services,
    scheduler,
    config
}: {
    services: ControlPlaneServices;
    scheduler: Scheduler;
    config: Config;
}): Dispatcher {
    const modules = new Map<string, Promise<FunctionModule>>();
    // Reading a GGUF's metadata takes milliseconds to tens of them; a manifest digest pins the content.
    const definitions = new LRUCache<string, ModelDefinition>({ max: 64 });
    const loadDefaults = {
        contextLength: config.engine.contextLength,
        threads: config.engine.threads,
        numParallel: config.scheduler.numParallel,
        flashAttention: config.engine.flashAttention,
        kvCacheType: config.engine.kvCacheType
    };

    // `[models."name"]` tables by the name `ps` shows (the shortest form, lower case).
    const modelSettings = new Map(
        Object.entries(config.models).map(([name, settings]) => [displayShortest(requireModelName(name)).toLowerCase(), settings])
    );

    // Resolving a name reads a few directories and files; a cached answer is re-checked with one stat
    // of its manifest (a rewrite by create, copy or another process changes it), so it is never stale.
    const resolved = new LRUCache<string, { model: Model; mtimeMs: number; ino: number; size: number }>({ max: 256 });
    const resolveModel = async (name: string): Promise<Model> => {
        const cached = resolved.get(name);
        if (cached) {
            const info = await stat(cached.model.stored.path).catch(() => undefined);
            if (info && info.mtimeMs === cached.mtimeMs && info.ino === cached.ino && info.size === cached.size) return cached.model;
        }
        const model = await readModel(services.store, requireModelName(name));
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

    return async function dispatchFunction(route, c, params) {
        const module = await moduleFor(route.file);
        try {
            return await run(module, route, c, params);
        } catch (error) {
            // Errors of a function with its own API family are rendered here, in that family's shape.
            if (module.errors === undefined || module.errors === "ollama") throw error;
            return errorResponse(error, undefined, module.errors);
        }
    };

    async function run(module: FunctionModule, route: RouteEntry, c: Context, params: Record<string, string | string[]>) {
        const request = c.req.raw;
        const signal = request.signal;
        if (typeof module.model !== "function") {
            const handler = module[route.exportName] as FunctionHandler;
            return handler({ request, params, body: undefined, signal, services });
        }

        const body = await readJsonBody(request, config.server.maxBodyBytes);
        const wanted = module.model(body);
        if (!wanted) throw new BadRequestError("model is required");
        const keepAliveMs = wanted.keepAlive === undefined || wanted.keepAlive === null ? undefined : parseKeepAlive(wanted.keepAlive);
        const model = await resolveModel(wanted.name);
        if (wanted.unloadResponse !== undefined) {
            await services.unloadModel(displayShortest(model.stored.name));
            return jsonResponse(wanted.unloadResponse);
        }

        let definition = definitions.get(model.stored.digest);
        if (!definition) {
            definition = await modelDefinition(model);
            definitions.set(model.stored.digest, definition);
        }
        if (module.requires && !definition.capabilities.includes(module.requires.capability)) {
            throw new CapabilityError(wanted.name, module.requires.action);
        }

        const settings = modelSettings.get(definition.name.toLowerCase());
        const load = loadOptionsFor(definition, wanted.options, {
            ...loadDefaults,
            numParallel: settings?.numParallel ?? loadDefaults.numParallel
        });
        const lease = await scheduler.acquire(definition, load, keepAliveMs, signal, {
            replicas: settings?.replicas ?? 1,
            ...(settings?.gpu !== undefined ? { gpu: settings.gpu } : {})
        });
        const task: InvokeTask = {
            kind: "invoke",
            file: route.file,
            exportName: route.exportName,
            request: { url: request.url, method: request.method, headers: [...request.headers], body: JSON.stringify(body) },
            params,
            body,
            model: { key: lease.key, definition, load }
        };
        try {
            return await lease.lane.invoke(lease.workerId, task, {
                signal,
                onLoaded: (loaded) => lease.recordSize(loaded.sizeBytes, loaded.vramBytes),
                onLoadFailed: (reason) => lease.loadFailed(reason),
                onDone: () => lease.release(),
                loadTimeoutMs: config.scheduler.loadTimeout,
                errors: module.errors ?? "ollama"
            });
        } catch (error) {
            lease.release();
            throw error;
        }
    }
}

/** Ollama's keep_alive: seconds as a number, or a duration string with a unit ("3600" alone is an error). */
function parseKeepAlive(value: unknown): number {
    try {
        return parseDuration(value);
    } catch (error) {
        throw new BadRequestError(`invalid keep_alive: ${error instanceof Error ? error.message : String(error)}`);
    }
}
