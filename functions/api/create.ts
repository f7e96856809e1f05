/**
 * @module functions/api/create
 * `POST /api/create`: builds a model from uploaded blobs or another model; a `from` that is not in
 * the store is pulled first (a GGUF URL is downloaded), as Ollama does. Streams Ollama's status
 * lines as NDJSON by default; `stream: false` answers `{"status":"success"}` once done.
 */
import type { FunctionContext } from "../../runtime/functions/FunctionContext.js";
import { progressResponse } from "../../runtime/http/progressResponse.js";
import { readJsonBody } from "../../runtime/http/readJsonBody.js";
import { requireObject } from "../../runtime/http/requireObject.js";
import { createModel } from "../../runtime/models/createModel.js";
import type { CreateRequest } from "../../runtime/ollama/types.js";

export async function onRequestPost({ request, services, signal }: FunctionContext): Promise<Response> {
    const body = requireObject(await readJsonBody(request, services!.config.server.maxBodyBytes));
    // `name` and `quantization` are the deprecated spellings old clients still send.
    const createRequest = { ...body, model: body.model ?? body.name, quantize: body.quantize ?? body.quantization } as CreateRequest;
    const progress = createModel(services!.store, createRequest, {
        noprune: services!.config.store.noprune,
        fetch: services!.transfers,
        signal
    });
    return progressResponse(progress, { stream: body.stream !== false, signal });
}
