/**
 * @module worker
 * The Piscina worker: a thread of a lane that keeps models warm and runs functions beside them. An
 * invoke task loads its model first if this thread does not hold it (a function that names no
 * model skips that), runs the route's middleware and handler, and streams the Response back over
 * the task's MessagePort. `ctx.models` calls go to the server, which places them; a call for the
 * model this task already holds comes back as `call-local` and runs right here. Models stay
 * loaded between tasks; only the scheduler's `unload` tasks dispose them.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import type { MessagePort } from "node:worker_threads";
import { workerData } from "piscina";
import { EngineModel } from "../runtime/engine/EngineModel.js";
import { KettleError } from "../runtime/errors/KettleError.js";
import { ModelLoadError } from "../runtime/errors/ModelLoadError.js";
import { errorBody, errorFamilies, errorResponse, type ErrorFamily } from "../runtime/http/errorResponse.js";
import { jsonResponse } from "../runtime/http/jsonResponse.js";
import { createFunctionLog } from "../runtime/functions/createFunctionLog.js";
import { createModels } from "../runtime/functions/createModels.js";
import type { FunctionContext, Handler } from "../runtime/functions/FunctionContext.js";
import type { ModelCall } from "../runtime/functions/Models.js";
import { runHandler, type ChainStep } from "../runtime/functions/runHandler.js";
import type { CallReply, InvokeTask, PortMessage, UnloadTask } from "./protocol.js";

type Task = (InvokeTask & { port: MessagePort }) | UnloadTask;

// A user's bundled function carries an inline source map: stack traces then name their own lines.
process.setSourceMapsEnabled(true);

const settings = (workerData ?? {}) as { gpu?: "auto" | false };

/** Models in this thread, by scheduler key. A pending load is shared by every request that waits for it. */
const models = new Map<string, { model: Promise<EngineModel>; ready: boolean }>();
const modules = new Map<string, Promise<Record<string, unknown>>>();

export default async function runTask(task: Task): Promise<void> {
    if (task.kind === "unload") {
        const entry = models.get(task.key);
        models.delete(task.key);
        await (await entry?.model.catch(() => undefined))?.dispose();
        return;
    }
    await invoke(task);
}

async function invoke(task: InvokeTask & { port: MessagePort }): Promise<void> {
    const { port, route } = task;
    const post = (message: PortMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
    const controller = new AbortController();
    const calls = new Map<number, (reply: CallReply) => void>();
    port.on("message", (message: PortMessage) => {
        if (message.type === "abort") controller.abort();
        else if (message.type === "ping") post({ type: "pong" });
        else if (message.type.startsWith("call-")) calls.get((message as CallReply).callId)?.(message as CallReply);
    });
    const pending: Promise<unknown>[] = [];
    const log = createFunctionLog(route.label);
    let headSent = false;
    let family: ErrorFamily = "ollama";
    try {
        let engine: EngineModel | undefined;
        let loadDurationNs = 0;
        if (task.model) {
            const started = process.hrtime.bigint();
            const wasReady = models.get(task.model.key)?.ready === true;
            engine = await warmModel(task.model.key, task.model).catch((error: unknown) => {
                // The scheduler pauses loading this model and fails everyone waiting for it.
                post({ type: "load-failed", message: error instanceof ModelLoadError ? error.reason : String(error) });
                throw error;
            });
            loadDurationNs = wasReady ? 0 : Number(process.hrtime.bigint() - started);
            post({ type: "loaded", sizeBytes: engine.sizeBytes, vramBytes: engine.vramBytes, loadDurationNs });
        }

        const { steps, errors } = await loadChain(route, task.request.method);
        family = errors;
        const { url, method, headers, body } = task.request;
        const request = new Request(url, {
            method,
            headers,
            ...(body !== undefined && method !== "GET" && method !== "HEAD" ? { body } : {})
        });
        // Calls come back as call-local only once the handler runs, so `base` exists by then.
        // The first call to run here reports the load this task waited for; later ones found the model warm.
        let unreportedLoadNs = loadDurationNs;
        const local = (endpoint: string, callBody: Record<string, unknown>, signal: AbortSignal) => {
            const model = engine!.forRequest(unreportedLoadNs);
            unreportedLoadNs = 0;
            return runLocally(endpoint, callBody, { ...base, signal, model });
        };
        const base: Omit<FunctionContext, "next" | "data"> = {
            request,
            params: task.params,
            env: task.env,
            models: createModels(remoteCall(post, calls, local), controller.signal),
            log,
            signal: controller.signal,
            waitUntil: (promise) => void pending.push(Promise.resolve(promise).catch((error: unknown) => log.error("waitUntil:", error))),
            body: task.body,
            ...(engine ? { model: engine.forRequest(loadDurationNs) } : {})
        };

        let response: Response;
        try {
            response = await runHandler(steps, base);
        } catch (error) {
            response = failure(error, route, family, log);
        }
        const reader = response.body?.getReader();
        controller.signal.addEventListener("abort", () => void reader?.cancel().catch(() => undefined), { once: true });
        // The head travels with the first piece of the body: one hop less before the first token.
        const first = reader ? await reader.read() : undefined;
        const firstBytes = first && !first.done ? new Uint8Array(first.value) : undefined;
        post(
            { type: "head", status: response.status, headers: [...response.headers], ...(firstBytes ? { bytes: firstBytes } : {}) },
            firstBytes ? [firstBytes.buffer as ArrayBuffer] : []
        );
        headSent = true;
        if (reader && firstBytes) {
            for (;;) {
                const { done, value } = await reader.read();
                if (done) break;
                // Copy into a buffer we own, so it can be transferred rather than cloned.
                const bytes = new Uint8Array(value);
                post({ type: "chunk", bytes }, [bytes.buffer as ArrayBuffer]);
            }
        }
        post({ type: "end" });
    } catch (error) {
        if (!headSent) {
            const response = failure(error, route, family, log);
            post({ type: "head", status: response.status, headers: [...response.headers] });
            post({ type: "chunk", bytes: new Uint8Array(await response.arrayBuffer()) });
            post({ type: "end" });
        } else {
            log.error(error);
            post({ type: "error", message: error instanceof Error ? error.message : String(error), status: 500 });
        }
    } finally {
        // The response is out; work handed to waitUntil still finishes (the port stays open for its model calls).
        if (pending.length > 0) await Promise.allSettled(pending);
        port.close();
    }
}

/**
 * A failed handler's response. A user's function that throws answers 500 with its message, and its
 * stack is logged; Kettle's own typed errors keep their status and message.
 */
function failure(error: unknown, route: InvokeTask["route"], family: ErrorFamily, log: ReturnType<typeof createFunctionLog>): Response {
    if (!route.user || error instanceof KettleError) return errorResponse(error, undefined, family);
    log.error(error);
    const message = error instanceof Error ? error.message : String(error);
    return jsonResponse(errorBody(family, 500, `${route.label} failed: ${message}`), 500);
}

/**
 * `ctx.models` in a worker: every call goes to the server, which resolves and places it. Its
 * answer streams back as call-head/chunk/end, or is `call-local` when the model is the one this
 * task holds warm here, which then runs in this thread (no second slot, no hop for tokens).
 */
function remoteCall(
    post: (message: PortMessage, transfer?: ArrayBuffer[]) => void,
    calls: Map<number, (reply: CallReply) => void>,
    local: (endpoint: string, body: Record<string, unknown>, signal: AbortSignal) => Promise<Response>
): ModelCall {
    let nextCallId = 1;
    return (endpoint, body, signal) =>
        new Promise<Response>((resolve, reject) => {
            const callId = nextCallId++;
            let stream: ReadableStreamDefaultController<Uint8Array> | undefined;
            const abort = () => {
                post({ type: "call-abort", callId });
                calls.delete(callId);
                const reason = new KettleError("the model call was aborted");
                if (stream) stream.error(reason);
                else reject(reason);
            };
            if (signal.aborted) return abort();
            signal.addEventListener("abort", abort, { once: true });
            const done = () => {
                signal.removeEventListener("abort", abort);
                calls.delete(callId);
            };
            calls.set(callId, (reply) => {
                switch (reply.type) {
                    case "call-local":
                        done();
                        local(endpoint, body, signal).then(resolve, reject);
                        break;
                    case "call-head":
                        resolve(
                            new Response(
                                new ReadableStream<Uint8Array>({
                                    start: (controller) => void (stream = controller),
                                    cancel: () => {
                                        done();
                                        post({ type: "call-abort", callId });
                                    }
                                }),
                                { status: reply.status, headers: reply.headers }
                            )
                        );
                        break;
                    case "call-chunk":
                        stream?.enqueue(reply.bytes);
                        break;
                    case "call-end":
                        done();
                        stream?.close();
                        break;
                }
            });
            post({ type: "call", callId, endpoint, body });
        });
}

/** Runs `/api/<endpoint>`'s built-in handler in this thread, with the model this task holds. */
async function runLocally(endpoint: string, body: Record<string, unknown>, ctx: Omit<FunctionContext, "next" | "data">): Promise<Response> {
    try {
        const file = fileURLToPath(new URL(`../functions/api/${endpoint}.js`, import.meta.url));
        const module = await importModule(file);
        // The binding validates the body, as it does for an HTTP request.
        (module.model as ((body: unknown) => unknown) | undefined)?.(body);
        const request = new Request(`http://kettle.internal/api/${endpoint}`, { method: "POST", body: JSON.stringify(body) });
        return await runHandler([{ handler: module.onRequestPost as Handler, where: `${file}#onRequestPost` }], {
            ...ctx,
            request,
            params: {},
            body
        });
    } catch (error) {
        return errorResponse(error);
    }
}

/** The model for `key`, loading it once however many requests ask at the same time. */
function warmModel(key: string, model: NonNullable<InvokeTask["model"]>): Promise<EngineModel> {
    const existing = models.get(key);
    if (existing) return existing.model;
    const entry = { ready: false, model: undefined as unknown as Promise<EngineModel> };
    entry.model = EngineModel.load(model.definition, model.load, { gpu: settings.gpu ?? "auto" }).then(
        (loaded) => {
            entry.ready = true;
            return loaded;
        },
        (error: unknown) => {
            models.delete(key);
            const reason = error instanceof Error ? error.message : String(error);
            throw new ModelLoadError(model.definition.name, reason, { cause: error });
        }
    );
    models.set(key, entry);
    return entry.model;
}

function importModule(path: string): Promise<Record<string, unknown>> {
    let module = modules.get(path);
    if (!module) {
        module = import(pathToFileURL(path).href) as Promise<Record<string, unknown>>;
        // A module that failed to import is tried again next time (the file may have been fixed).
        module.catch(() => modules.delete(path));
        modules.set(path, module);
    }
    return module;
}

/** The route's middleware (those with a handler for this method) and its handler, outermost first. */
async function loadChain(route: InvokeTask["route"], method: string): Promise<{ steps: ChainStep[]; errors: ErrorFamily }> {
    const specific = `onRequest${method.charAt(0)}${method.slice(1).toLowerCase()}`;
    const steps: ChainStep[] = [];
    for (const wrapper of route.middleware) {
        const module = await importModule(wrapper.module);
        const name = typeof module[specific] === "function" ? specific : "onRequest";
        const handler = module[name];
        if (handler === undefined) continue;
        steps.push({ handler: checkHandler(handler, wrapper.file, name), where: `${wrapper.file}#${name}` });
    }
    const module = await importModule(route.module);
    steps.push({
        handler: checkHandler(module[route.exportName], route.file, route.exportName),
        where: `${route.file}#${route.exportName}`
    });
    return { steps, errors: errorFamilies.find((family) => family === module.errors) ?? "ollama" };
}

function checkHandler(value: unknown, file: string, name: string): Handler {
    if (typeof value !== "function") {
        throw new KettleError(`${file}: export "${name}" must be a function, but it is ${value === null ? "null" : typeof value}`);
    }
    return value as Handler;
}
