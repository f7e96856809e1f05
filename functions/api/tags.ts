/** @module functions/api/tags `GET /api/tags`: the models in the store, newest first. */
import type { FunctionContext } from "../../runtime/functions/FunctionContext.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";
import { listModels } from "../../runtime/models/listModels.js";

export async function onRequestGet({ services }: FunctionContext): Promise<Response> {
    const { models } = await listModels(services!.store);
    return jsonResponse({ models });
}
