/** @module functions/api/ps `GET /api/ps`: the warm models, the one expiring last first. */
import { controlPlane } from "../../runtime/functions/controlPlane.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";

export const onRequestGet = controlPlane(({ services }): Response => {
    return jsonResponse({ models: services.runningModels() });
});
