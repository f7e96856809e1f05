/**
 * @module readModel
 * Gathers everything a manifest says about a model (Ollama's `GetModel`): the weights' path, the
 * config summary, and the text layers (template, system, parameters, messages, licenses).
 */
import { mediaTypes, type ModelConfig } from "../store/Manifest.js";
import type { ModelStore, StoredManifest } from "../store/ModelStore.js";
import type { ModelName } from "../store/ModelName.js";
import { StoreError } from "../errors/StoreError.js";
import type { ChatMessage } from "../ollama/types.js";

export type Model = {
    stored: StoredManifest;
    config: ModelConfig;
    /** Absolute path of the GGUF weights blob, when the model has one. */
    modelPath?: string;
    adapterPaths: string[];
    projectorPaths: string[];
    template?: string;
    system?: string;
    parameters: Record<string, unknown>;
    messages: ChatMessage[];
    licenses: string[];
};

export async function readModel(store: ModelStore, name: ModelName): Promise<Model> {
    const stored = await store.get(name);
    const { manifest } = stored;
    const config = await readJson<ModelConfig>(store, manifest.config.digest, "config");
    const model: Model = { stored, config, adapterPaths: [], projectorPaths: [], parameters: {}, messages: [], licenses: [] };
    for (const layer of manifest.layers) {
        switch (layer.mediaType) {
            case mediaTypes.model:
                model.modelPath = store.blobPath(layer.digest);
                break;
            case mediaTypes.adapter:
                model.adapterPaths.push(store.blobPath(layer.digest));
                break;
            case mediaTypes.projector:
                model.projectorPaths.push(store.blobPath(layer.digest));
                break;
            case mediaTypes.template:
                model.template = (await store.readBlob(layer.digest)).toString("utf8");
                break;
            case mediaTypes.system:
                model.system = (await store.readBlob(layer.digest)).toString("utf8");
                break;
            case mediaTypes.license:
                model.licenses.push((await store.readBlob(layer.digest)).toString("utf8"));
                break;
            case mediaTypes.params:
                model.parameters = await readJson<Record<string, unknown>>(store, layer.digest, "parameters");
                break;
            case mediaTypes.messages:
                model.messages = await readJson<ChatMessage[]>(store, layer.digest, "messages");
                break;
            default:
                break; // layers Kettle does not use (draft, tensors) are carried, not read
        }
    }
    return model;
}

async function readJson<T>(store: ModelStore, digest: `sha256:${string}`, what: string): Promise<T> {
    const bytes = await store.readBlob(digest);
    try {
        return JSON.parse(bytes.toString("utf8")) as T;
    } catch {
        throw new StoreError(`corrupt ${what} blob ${digest}: not valid JSON`);
    }
}
