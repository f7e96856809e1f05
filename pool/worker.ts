/**
 * @module worker
 * The Piscina worker: a thread of a lane that keeps models warm and runs model-bound handlers with
 * them. A task either invokes a handler (loading its model first if this thread does not hold it)
 * and streams the handler's Response back over the task's MessagePort, or unloads a model.
 * Models stay loaded between tasks; only the scheduler's `unload` tasks dispose them.
 */
import { pathToFileURL } from "node:url";
import type { MessagePort } from "node:worker_threads";
import { workerData } from "piscina";
import { EngineModel } from "../runtime/engine/EngineModel.js";
import { errorFamilies, errorResponse, type ErrorFamily } from "../runtime/http/errorResponse.js";
import { ModelLoadError } from "../runtime/errors/ModelLoadError.js";
import type { FunctionHandler } from "../runtime/functions/FunctionContext.js";
import type { InvokeTask, PortMessage, UnloadTask } from "./protocol.js";

type Task = (InvokeTask & { port: MessagePort }) | UnloadTask;

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
    const { port } = task;
    const post = (message: PortMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
    const controller = new AbortController();
    port.on("message", (message: PortMessage) => {
        if (message.type === "abort") controller.abort();
    });
    let headSent = false;
    let family: ErrorFamily = "ollama";
    try {
        const started = process.hrtime.bigint();
        const wasReady = models.get(task.model.key)?.ready === true;
        const engine = await warmModel(task.model.key, task).catch((error: unknown) => {
            // The scheduler pauses loading this model and fails everyone waiting for it.
            post({ type: "load-failed", message: error instanceof ModelLoadError ? error.reason : String(error) });
            throw error;
        });
        const loadDurationNs = wasReady ? 0 : Number(process.hrtime.bigint() - started);
        post({ type: "loaded", sizeBytes: engine.sizeBytes, vramBytes: engine.vramBytes, loadDurationNs });

        const { handler, errors } = await loadHandler(task.file, task.exportName);
        family = errors;
        const { url, method, headers, body } = task.request;
        const request = new Request(url, {
            method,
            headers,
            ...(body !== undefined && method !== "GET" && method !== "HEAD" ? { body } : {})
        });
        let response: Response;
        try {
            response = await handler({
                request,
                params: task.params,
                body: task.body,
                signal: controller.signal,
                model: engine.forRequest(loadDurationNs)
            });
        } catch (error) {
            response = errorResponse(error, undefined, family);
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
            const response = errorResponse(error, undefined, family);
            post({ type: "head", status: response.status, headers: [...response.headers] });
            post({ type: "chunk", bytes: new Uint8Array(await response.arrayBuffer()) });
            post({ type: "end" });
        } else {
            post({ type: "error", message: error instanceof Error ? error.message : String(error), status: 500 });
        }
    } finally {
        port.close();
    }
}

/** The model for `key`, loading it once however many requests ask at the same time. */
function warmModel(key: string, task: InvokeTask): Promise<EngineModel> {
    const existing = models.get(key);
    if (existing) return existing.model;
    const entry = { ready: false, model: undefined as unknown as Promise<EngineModel> };
    entry.model = EngineModel.load(task.model.definition, task.model.load, { gpu: settings.gpu ?? "auto" }).then(
        (model) => {
            entry.ready = true;
            return model;
        },
        (error: unknown) => {
            models.delete(key);
            const reason = error instanceof Error ? error.message : String(error);
            throw new ModelLoadError(task.model.definition.name, reason, { cause: error });
        }
    );
    models.set(key, entry);
    return entry.model;
}

function loadHandler(file: string, exportName: string): Promise<{ handler: FunctionHandler; errors: ErrorFamily }> {
    let module = modules.get(file);
    if (!module) {
        module = import(pathToFileURL(file).href) as Promise<Record<string, unknown>>;
        modules.set(file, module);
    }
    return module.then((loaded) => {
        const handler = loaded[exportName];
        if (typeof handler !== "function") throw new Error(`${file} does not export a function named ${exportName}`);
        const errors = errorFamilies.find((family) => family === loaded.errors) ?? "ollama";
        return { handler: handler as FunctionHandler, errors };
    });
}
