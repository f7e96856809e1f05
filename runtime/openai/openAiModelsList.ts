/**
 * @module openAiModelsList
 * `GET /v1/models`: every model in the store, in `/api/tags` order (newest first), as OpenAI's list.
 */
import { listModels } from "../models/listModels.js";
import type { ModelStore } from "../store/ModelStore.js";
import { openAiModel, type OpenAiModel } from "./openAiModel.js";

export async function openAiModelsList(store: ModelStore): Promise<{ object: "list"; data: OpenAiModel[] }> {
    const { models } = await listModels(store);
    return { object: "list", data: models.map((model) => openAiModel(model.name, new Date(model.modified_at))) };
}
