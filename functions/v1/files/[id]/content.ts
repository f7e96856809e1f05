/** @module functions/v1/files/[id]/content `GET /v1/files/:id/content`: the file's bytes, streamed. */
import { Readable } from "node:stream";
import { controlPlane } from "../../../../runtime/functions/controlPlane.js";
import type { ErrorFamily } from "../../../../runtime/functions/types.js";

export const errors: ErrorFamily = "openai";

export const onRequestGet = controlPlane(({ params, services }): Response => {
    const id = String(params.id);
    const file = services.batchJobs.files.get(id);
    const body = Readable.toWeb(services.batchJobs.files.content(id)) as ReadableStream<Uint8Array>;
    return new Response(body, {
        headers: {
            "content-type": "application/octet-stream",
            "content-length": String(file.bytes),
            "content-disposition": `attachment; filename="${file.filename.replace(/["\\\r\n]/g, "_")}"`
        }
    });
});
