/** @module functions/v1/batches/[id] `GET /v1/batches/:id`: the batch, its status and counts as they are now. */
import { batchObject } from "../../../runtime/batches/batchObject.js";
import { controlPlane } from "../../../runtime/functions/controlPlane.js";
import type { ErrorFamily } from "../../../runtime/functions/types.js";
import { jsonResponse } from "../../../runtime/http/jsonResponse.js";

export const errors: ErrorFamily = "openai";

export const onRequestGet = controlPlane(({ params, services }): Response => {
    return jsonResponse(batchObject(services.batchJobs.batches.get(String(params.id))));
});
