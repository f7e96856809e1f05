/** @module functions/v1/models `GET /v1/models`: the models in the store, OpenAI's way (newest first). */
import { controlPlane } from "../../../runtime/functions/controlPlane.js";
import type { ErrorFamily } from "../../../runtime/functions/types.js";
import { jsonResponse } from "../../../runtime/http/jsonResponse.js";
import { openAiModelsList } from "../../../runtime/openai/openAiModelsList.js";

export const errors: ErrorFamily = "openai";

export const onRequestGet = controlPlane(async ({ services }): Promise<Response> => {
    return jsonResponse(await openAiModelsList(services.store));
});
