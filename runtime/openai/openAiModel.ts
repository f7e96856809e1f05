/**
 * @module openAiModel
 * A model as `/v1/models` lists it: `created` is the manifest's modification time in Unix seconds
 * and `owned_by` the name's namespace (`library` for official names), as Ollama fills them.
 */
import { parseModelName } from "../store/ModelName.js";
import { unixSeconds } from "./completionId.js";

export type OpenAiModel = { id: string; object: "model"; created: number; owned_by: string };

export function openAiModel(id: string, modifiedAt: Date): OpenAiModel {
    return { id, object: "model", created: unixSeconds(modifiedAt), owned_by: parseModelName(id).namespace };
}
