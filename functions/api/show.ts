/** @module functions/api/show `POST /api/show` (`name` is accepted for old clients, as Ollama does). */
import * as v from "valibot";
import { controlPlane } from "../../runtime/functions/controlPlane.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";
import { parseBody } from "../../runtime/http/parseBody.js";
import { readJsonBody } from "../../runtime/http/readJsonBody.js";
import { requireObject } from "../../runtime/http/requireObject.js";
import { showModel } from "../../runtime/models/showModel.js";
import { optionsField } from "../../runtime/ollama/requestFields.js";

// `system` and `options` are Ollama's too; they change nothing shown, but must still be well typed.
const showRequest = v.looseObject({
    model: v.optional(v.nullable(v.string())),
    name: v.optional(v.nullable(v.string())),
    verbose: v.optional(v.nullable(v.boolean())),
    system: v.optional(v.nullable(v.string())),
    options: optionsField
});

export const onRequestPost = controlPlane(async ({ request, services }): Promise<Response> => {
    const body = parseBody(showRequest, requireObject(await readJsonBody(request, services.config.server.maxBodyBytes)));
    return jsonResponse(await showModel(services.store, { model: body.model || body.name || "", verbose: body.verbose === true }));
});
