/**
 * @module functions/v1/files
 * `POST /v1/files`: OpenAI's upload (multipart, fields `file` and `purpose`), streamed to disk
 * within `batches.max_file_bytes` (413 past it) and, for `purpose=batch`, `batches.max_file_lines`.
 * `GET /v1/files?after&limit&order&purpose`: a page of files, newest first by default.
 */
import { BadRequestError } from "../../../runtime/errors/BadRequestError.js";
import { controlPlane } from "../../../runtime/functions/controlPlane.js";
import type { ErrorFamily } from "../../../runtime/functions/types.js";
import { fileObject } from "../../../runtime/batches/fileObject.js";
import { receiveUpload } from "../../../runtime/batches/receiveUpload.js";
import { jsonResponse } from "../../../runtime/http/jsonResponse.js";
import { listQuery } from "../../../runtime/openai/listQuery.js";

export const errors: ErrorFamily = "openai";

export const onRequestPost = controlPlane(async ({ request, services }): Promise<Response> => {
    return jsonResponse(fileObject(await receiveUpload(request, services.batchJobs.files)));
});

export const onRequestGet = controlPlane(({ request, services }): Response => {
    const url = new URL(request.url);
    const { after, limit } = listQuery(url, 10_000);
    const order = url.searchParams.get("order") ?? "desc";
    if (order !== "asc" && order !== "desc")
        throw new BadRequestError(`order must be "asc" or "desc"; got ${JSON.stringify(order)}`, { param: "order" });
    const purpose = url.searchParams.get("purpose") ?? undefined;
    const page = services.batchJobs.files.list({ after, limit, order, purpose });
    const data = page.data.map(fileObject);
    return jsonResponse({
        object: "list",
        data,
        first_id: page.data[0]?.id ?? null,
        last_id: page.data.at(-1)?.id ?? null,
        has_more: page.has_more
    });
});
