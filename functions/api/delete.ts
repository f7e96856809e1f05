/**
 * @module functions/api/delete
 * `DELETE /api/delete` with a JSON body (`model`, or `name` from ollama-js): unloads the model if it
 * is warm, removes it and the blobs no other model uses.
 */
import * as v from "valibot";
import { controlPlane } from "../../runtime/functions/controlPlane.js";
import { parseBody } from "../../runtime/http/parseBody.js";
import { readJsonBody } from "../../runtime/http/readJsonBody.js";
import { requireObject } from "../../runtime/http/requireObject.js";
import { deleteModel } from "../../runtime/models/deleteModel.js";
import { displayShortest, requireModelName } from "../../runtime/store/ModelName.js";

const deleteRequest = v.looseObject({ model: v.optional(v.nullable(v.string())), name: v.optional(v.nullable(v.string())) });

export const onRequestDelete = controlPlane(async ({ request, services }): Promise<Response> => {
    const body = parseBody(deleteRequest, requireObject(await readJsonBody(request, services.config.server.maxBodyBytes)));
    const model = body.model || body.name || "";
    if (model) await services.unloadModel(displayShortest(requireModelName(model)));
    await deleteModel(services.store, { model });
    return new Response(null, { status: 200 });
});
