/** @module functions/api/tags `GET /api/tags`: the models in the store, newest first. */
import { controlPlane } from "../../runtime/functions/controlPlane.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";
import { listModels } from "../../runtime/models/listModels.js";

export const onRequestGet = controlPlane(async ({ services }): Promise<Response> => {
    const { models } = await listModels(services.store);
    return jsonResponse({ models });
});
