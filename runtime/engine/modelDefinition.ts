/**
 * @module modelDefinition
 * Turns a stored model into the {@link ModelDefinition} a worker loads: paths, Modelfile layers,
 * capabilities and the training context length (read from the GGUF, which is why callers cache it).
 */
import { inspectGguf } from "../gguf/inspectGguf.js";
import { modelCapabilities } from "../models/modelCapabilities.js";
import { modelDetails } from "../models/modelDetails.js";
import type { Model } from "../models/readModel.js";
import { displayShortest } from "../store/ModelName.js";
import { digestHex } from "../store/Digest.js";
import { BadRequestError } from "../errors/BadRequestError.js";
import type { ModelDefinition } from "./types.js";

export async function modelDefinition(model: Model): Promise<ModelDefinition> {
    const name = displayShortest(model.stored.name);
    if (!model.modelPath) throw new BadRequestError(`model '${name}' has no GGUF weights layer`);
    const gguf = await inspectGguf(model.modelPath);
    const template = model.template ?? gguf.chatTemplate;
    return {
        name,
        digest: digestHex(model.stored.digest),
        modelPath: model.modelPath,
        adapterPaths: model.adapterPaths,
        ...(model.template !== undefined ? { template: model.template } : {}),
        ...(model.system !== undefined ? { system: model.system } : {}),
        parameters: model.parameters,
        messages: model.messages,
        capabilities: modelCapabilities({ poolingType: gguf.poolingType, template, hasProjector: model.projectorPaths.length > 0 }),
        details: modelDetails(model.config),
        ...(gguf.contextLength !== undefined ? { trainContextLength: gguf.contextLength } : {})
    };
}
