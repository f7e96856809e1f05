/** @module functions/api/version `GET /api/version` */
import { controlPlane } from "../../runtime/functions/controlPlane.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";

export const onRequestGet = controlPlane(({ services }): Response => {
    return jsonResponse({ version: services.version });
});
