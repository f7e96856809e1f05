/** @module copyModel `POST /api/copy` and `kettle cp`: the destination gets the source's manifest bytes, so both share every blob. */
import type { ModelStore } from "../store/ModelStore.js";
import { requireModelName } from "../store/ModelName.js";
import { BadRequestError } from "../errors/BadRequestError.js";
import type { CopyRequest } from "../ollama/types.js";

export async function copyModel(store: ModelStore, request: CopyRequest): Promise<void> {
    if (!request.source) throw new BadRequestError("source is required");
    if (!request.destination) throw new BadRequestError("destination is required");
    const destination = requireModelName(request.destination);
    await store.copy(requireModelName(request.source), destination);
}
