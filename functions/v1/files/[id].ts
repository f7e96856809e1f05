/**
 * @module functions/v1/files/[id]
 * `GET /v1/files/:id`: the FileObject. `DELETE /v1/files/:id`: deletes it (409 while a running
 * batch reads it), answering `{id, object: "file", deleted: true}`.
 */
import { controlPlane } from "../../../runtime/functions/controlPlane.js";
import type { ErrorFamily } from "../../../runtime/functions/types.js";
import { fileObject } from "../../../runtime/batches/fileObject.js";
import { jsonResponse } from "../../../runtime/http/jsonResponse.js";

export const errors: ErrorFamily = "openai";

export const onRequestGet = controlPlane(({ params, services }): Response => {
    return jsonResponse(fileObject(services.batchJobs.files.get(String(params.id))));
});

export const onRequestDelete = controlPlane(({ params, services }): Response => {
    const id = String(params.id);
    services.batchJobs.files.delete(id);
    return jsonResponse({ id, object: "file", deleted: true });
});
