/** @module functions/api/copy `POST /api/copy`: 200 with an empty body, as Ollama answers. */
import type { FunctionContext } from "../../runtime/functions/FunctionContext.js";
import { readJsonBody } from "../../runtime/http/readJsonBody.js";
import { requireObject } from "../../runtime/http/requireObject.js";
import { copyModel } from "../../runtime/models/copyModel.js";

export async function onRequestPost({ request, services }: FunctionContext): Promise<Response> {
    const body = requireObject(await readJsonBody(request, services!.config.server.maxBodyBytes));
    await copyModel(services!.store, { source: stringField(body.source), destination: stringField(body.destination) });
    return new Response(null, { status: 200 });
}

function stringField(value: unknown): string {
    return typeof value === "string" ? value : "";
}
