/** @module functions/api/copy `POST /api/copy`: 200 with an empty body, as Ollama answers. */
import * as v from "valibot";
import { controlPlane } from "../../runtime/functions/controlPlane.js";
import { parseBody } from "../../runtime/http/parseBody.js";
import { readJsonBody } from "../../runtime/http/readJsonBody.js";
import { requireObject } from "../../runtime/http/requireObject.js";
import { copyModel } from "../../runtime/models/copyModel.js";

// null or absent reads as "" (Go's zero value), which copyModel answers with "source is required".
const copyRequest = v.looseObject({ source: v.optional(v.nullable(v.string())), destination: v.optional(v.nullable(v.string())) });

export const onRequestPost = controlPlane(async ({ request, services }): Promise<Response> => {
    const body = parseBody(copyRequest, requireObject(await readJsonBody(request, services.config.server.maxBodyBytes)));
    await copyModel(services.store, { source: body.source ?? "", destination: body.destination ?? "" });
    return new Response(null, { status: 200 });
});
