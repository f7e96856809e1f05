/**
 * @module functions/api/create
 * `POST /api/create`: builds a model from uploaded blobs or another model; a `from` that is not in
 * the store is pulled first (a GGUF URL is downloaded), as Ollama does. Streams Ollama's status
 * lines as NDJSON by default; `stream: false` answers `{"status":"success"}` once done.
 */
import { controlPlane } from "../../runtime/functions/controlPlane.js";
import { progressResponse } from "../../runtime/http/progressResponse.js";
import { readJsonBody } from "../../runtime/http/readJsonBody.js";
import { requireObject } from "../../runtime/http/requireObject.js";
import { createModel } from "../../runtime/models/createModel.js";
import { parseCreateRequest } from "../../runtime/ollama/parseCreateRequest.js";

export const onRequestPost = controlPlane(async ({ request, services, signal }): Promise<Response> => {
    const { stream, ...createRequest } = parseCreateRequest(
        requireObject(await readJsonBody(request, services.config.server.maxBodyBytes))
    );
    const progress = createModel(services.store, createRequest, {
        noprune: services.config.store.noprune,
        fetch: services.transfers,
        signal
    });
    return progressResponse(progress, { stream, signal });
});
