/**
 * @module functions/v1/batches/[id]/cancel
 * `POST /v1/batches/:id/cancel`: the batch goes to `cancelling`, its lines in flight are stopped,
 * and it ends `cancelled` with what completed (409 for a batch already at another end).
 */
import { batchObject } from "../../../../runtime/batches/batchObject.js";
import { controlPlane } from "../../../../runtime/functions/controlPlane.js";
import type { ErrorFamily } from "../../../../runtime/functions/types.js";
import { jsonResponse } from "../../../../runtime/http/jsonResponse.js";

export const errors: ErrorFamily = "openai";

export const onRequestPost = controlPlane(({ params, services }): Response => {
    const id = String(params.id);
    services.batchJobs.runner.cancel(id);
    return jsonResponse(batchObject(services.batchJobs.batches.get(id)));
});
