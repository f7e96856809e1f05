/**
 * @module functions/api/push
 * `POST /api/push` `{"model", "insecure"?, "stream"?}` (ollama-js sends `name`): uploads a model's
 * blobs its registry lacks, then its manifest, streaming Ollama's status lines.
 */
import { controlPlane } from "../../runtime/functions/controlPlane.js";
import { progressResponse } from "../../runtime/http/progressResponse.js";
import { readTransferRequest } from "../../runtime/http/readTransferRequest.js";

export const onRequestPost = controlPlane(async ({ request, services, signal }): Promise<Response> => {
    const { transfer, stream } = await readTransferRequest(request, services.config.server.maxBodyBytes);
    return progressResponse(services.transfers.push(transfer, signal), { stream, signal });
});
