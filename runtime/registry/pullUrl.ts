/**
 * @module pullUrl
 * `kettle pull https://host/model.gguf`: downloads the file (see downloadUrl) and creates a model
 * from it, named after the file. A file that is not a usable GGUF creates nothing and is removed.
 */
import { createModel } from "../models/createModel.js";
import type { ProgressResponse, PullRequest } from "../ollama/types.js";
import { downloadUrl } from "./downloadUrl.js";
import { modelNameFromUrl } from "./modelNameFromUrl.js";
import type { TransferContext } from "./TransferContext.js";

export async function* pullUrl(context: TransferContext, request: PullRequest, signal?: AbortSignal): AsyncGenerator<ProgressResponse> {
    const blob = yield* downloadUrl(context, request.model, { insecure: request.insecure === true }, signal);
    try {
        yield* createModel(
            context.store,
            { model: modelNameFromUrl(request.model), files: { "model.gguf": blob.digest } },
            { noprune: context.noprune }
        );
    } catch (error) {
        await context.store.removeUnreferencedBlobs(new Set([blob.digest]));
        throw error;
    }
}
