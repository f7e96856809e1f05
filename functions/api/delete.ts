/**
 * @module functions/api/delete
 * `DELETE /api/delete` with a JSON body (`model`, or `name` from ollama-js): unloads the model if it
 * is warm, removes it and the blobs no other model uses.
 */
import type { FunctionContext } from "../../runtime/functions/FunctionContext.js";
import { readJsonBody } from "../../runtime/http/readJsonBody.js";
import { requireObject } from "../../runtime/http/requireObject.js";
import { deleteModel } from "../../runtime/models/deleteModel.js";
import { displayShortest, requireModelName } from "../../runtime/store/ModelName.js";

export async function onRequestDelete({ request, services }: FunctionContext): Promise<Response> {
    const body = requireObject(await readJsonBody(request, services!.config.server.maxBodyBytes));
    const model = typeof body.model === "string" ? body.model : typeof body.name === "string" ? body.name : "";
    if (model) await services!.unloadModel(displayShortest(requireModelName(model)));
    await deleteModel(services!.store, { model });
    return new Response(null, { status: 200 });
}
