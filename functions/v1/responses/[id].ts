/**
 * @module functions/v1/responses/[id]
 * `GET /v1/responses/:id`: a stored response as it was answered. `DELETE /v1/responses/:id`:
 * deletes it (`{id, object: "response", deleted: true}`, as OpenAI answers); both 404 for an unknown id.
 */
import { ResourceNotFoundError } from "../../../runtime/errors/ResourceNotFoundError.js";
import { controlPlane } from "../../../runtime/functions/controlPlane.js";
import type { ErrorFamily } from "../../../runtime/functions/types.js";
import { jsonResponse } from "../../../runtime/http/jsonResponse.js";

export const errors: ErrorFamily = "openai";

export const onRequestGet = controlPlane(({ params, services }): Response => {
    const id = String(params.id);
    const response = services.responses.get(id);
    if (!response) throw new ResourceNotFoundError("Response", id);
    return jsonResponse(response);
});

export const onRequestDelete = controlPlane(({ params, services }): Response => {
    const id = String(params.id);
    if (!services.responses.delete(id)) throw new ResourceNotFoundError("Response", id);
    return jsonResponse({ id, object: "response", deleted: true });
});
