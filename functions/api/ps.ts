/** @module functions/api/ps `GET /api/ps`: the warm models, the one expiring last first. */
import type { FunctionContext } from "../../runtime/functions/FunctionContext.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";

export function onRequestGet({ services }: FunctionContext): Response {
    return jsonResponse({ models: services!.runningModels() });
}
