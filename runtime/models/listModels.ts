/** @module listModels `GET /api/tags` and `kettle list`: every model in the store, newest first. */
import { manifestSize, type ModelConfig } from "../store/Manifest.js";
import type { ModelStore } from "../store/ModelStore.js";
import { displayShortest } from "../store/ModelName.js";
import { digestHex } from "../store/Digest.js";
import { modelDetails } from "./modelDetails.js";
import type { ListResponse } from "../ollama/types.js";

export async function listModels(store: ModelStore): Promise<ListResponse & { problems: string[] }> {
    const { models, problems } = await store.listManifests();
    const listed = [];
    for (const model of models) {
        let config: ModelConfig = {};
        try {
            config = JSON.parse((await store.readBlob(model.manifest.config.digest)).toString("utf8")) as ModelConfig;
        } catch (error) {
            // Listed anyway (Ollama does the same): a broken config only loses the details column.
            problems.push(`${displayShortest(model.name)}: ${(error as Error).message}`);
        }
        const name = displayShortest(model.name);
        listed.push({
            name,
            model: name,
            modified_at: model.modifiedAt.toISOString(),
            size: manifestSize(model.manifest),
            digest: digestHex(model.digest),
            details: modelDetails(config)
        });
    }
    listed.sort((a, b) => b.modified_at.localeCompare(a.modified_at) || a.name.localeCompare(b.name));
    return { models: listed, problems };
}
