/** @module deleteModel `DELETE /api/delete` and `kettle rm`: removes the manifest, then the blobs no other model uses. */
import type { ModelStore } from "../store/ModelStore.js";
import { requireModelName } from "../store/ModelName.js";
import { BadRequestError } from "../errors/BadRequestError.js";
import type { DeleteRequest } from "../ollama/types.js";

export async function deleteModel(store: ModelStore, request: DeleteRequest): Promise<void> {
    if (!request.model) throw new BadRequestError("model is required");
    await store.delete(requireModelName(request.model));
}
