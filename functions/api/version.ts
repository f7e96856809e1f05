/** @module functions/api/version `GET /api/version` */
import type { FunctionContext } from "../../runtime/functions/FunctionContext.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";

export function onRequestGet({ services }: FunctionContext): Response {
    return jsonResponse({ version: services!.version });
}
