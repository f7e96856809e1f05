/**
 * @module functions/api/pull
 * `POST /api/pull` `{"model", "insecure"?, "stream"?}` (ollama-js sends `name`): downloads a model
 * from its registry (`llama3.2`, `hf.co/user/repo:Q4_K_M`, `host:5000/ns/model:tag`), or a GGUF
 * from a URL, streaming Ollama's status lines. Runs on the control plane, where the downloads in
 * flight are shared.
 */
import { controlPlane } from "../../runtime/functions/controlPlane.js";
import { progressResponse } from "../../runtime/http/progressResponse.js";
import { readTransferRequest } from "../../runtime/http/readTransferRequest.js";

export const onRequestPost = controlPlane(async ({ request, services, signal }): Promise<Response> => {
    const { transfer, stream } = await readTransferRequest(request, services.config.server.maxBodyBytes);
    return progressResponse(services.transfers.pull(transfer, signal), { stream, signal });
});
