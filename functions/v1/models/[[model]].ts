/**
 * @module functions/v1/models/[[model]]
 * `GET /v1/models/:model`: one model, or OpenAI's 404. Model names hold `/` (`user/model:tag`,
 * `hf.co/user/repo:Q4_K_M`), so the name is a catch-all: it may come with its slashes encoded as
 * openai-node sends it (`user%2Fmodel:tag`, one segment) or as plain path segments. The `id` is the
 * name as asked for, as in Ollama.
 */
import { controlPlane } from "../../../runtime/functions/controlPlane.js";
import type { ErrorFamily } from "../../../runtime/functions/types.js";
import { jsonResponse } from "../../../runtime/http/jsonResponse.js";
import { openAiModel } from "../../../runtime/openai/openAiModel.js";
import { requireModelName } from "../../../runtime/store/ModelName.js";

export const errors: ErrorFamily = "openai";

export const onRequestGet = controlPlane(async ({ params, services }): Promise<Response> => {
    const segments = params.model;
    const name = Array.isArray(segments) ? segments.join("/") : (segments ?? "");
    const stored = await services.store.get(requireModelName(name));
    return jsonResponse(openAiModel(name, stored.modifiedAt));
});
