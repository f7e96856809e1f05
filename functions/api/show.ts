/** @module functions/api/show `POST /api/show` (`name` is accepted for old clients, as Ollama does). */
import type { FunctionContext } from "../../runtime/functions/FunctionContext.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";
import { readJsonBody } from "../../runtime/http/readJsonBody.js";
import { requireObject } from "../../runtime/http/requireObject.js";
import { showModel } from "../../runtime/models/showModel.js";

export async function onRequestPost({ request, services }: FunctionContext): Promise<Response> {
    const body = requireObject(await readJsonBody(request, services!.config.server.maxBodyBytes));
    const model = body.model ?? body.name;
    if (model !== undefined && typeof model !== "string") return jsonResponse({ error: "model must be a string" }, 400);
    return jsonResponse(await showModel(services!.store, { model: (model as string | undefined) ?? "", verbose: body.verbose === true }));
}
