/**
 * @module warmModels
 * The models this worker thread holds, by scheduler key. A pending load is shared by every task that
 * waits for it; a task reports the load it waited for to the server (`loaded` with sizes and time)
 * or its failure (`load-failed`, so the scheduler pauses loading that model).
 */
import type { MessagePort } from "node:worker_threads";
import { workerData } from "piscina";
import { EngineModel } from "../../runtime/engine/EngineModel.js";
import { ModelLoadError } from "../../runtime/errors/ModelLoadError.js";
import type { TaskMessage, TaskModel } from "../protocol/messages.js";

const settings = (workerData ?? {}) as { gpu?: "auto" | false };
const models = new Map<string, { model: Promise<EngineModel>; ready: boolean }>();

/** The task's model, loaded once however many tasks ask at the same time; `loadDurationNs` is 0 when it was warm. */
export async function warmModelFor(model: TaskModel, port: MessagePort): Promise<{ engine: EngineModel; loadDurationNs: number }> {
    const post = (message: TaskMessage) => port.postMessage(message);
    const started = process.hrtime.bigint();
    const wasReady = models.get(model.key)?.ready === true;
    const engine = await load(model).catch((error: unknown) => {
        post({ type: "load-failed", message: error instanceof ModelLoadError ? error.reason : String(error) });
        throw error;
    });
    const loadDurationNs = wasReady ? 0 : Number(process.hrtime.bigint() - started);
    post({ type: "loaded", sizeBytes: engine.sizeBytes, vramBytes: engine.vramBytes, loadDurationNs });
    return { engine, loadDurationNs };
}

export async function unloadModel(key: string): Promise<void> {
    const entry = models.get(key);
    models.delete(key);
    await (await entry?.model.catch(() => undefined))?.dispose();
}

function load(model: TaskModel): Promise<EngineModel> {
    const existing = models.get(model.key);
    if (existing) return existing.model;
    const entry = { ready: false, model: undefined as unknown as Promise<EngineModel> };
    entry.model = EngineModel.load(model.definition, model.load, { gpu: settings.gpu ?? "auto" }).then(
        (loaded) => {
            entry.ready = true;
            return loaded;
        },
        (error: unknown) => {
            models.delete(model.key);
            const reason = error instanceof Error ? error.message : String(error);
            throw new ModelLoadError(model.definition.name, reason, { cause: error });
        }
    );
    models.set(model.key, entry);
    return entry.model;
}
