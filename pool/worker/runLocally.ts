/**
 * @module runLocally
 * A `ctx.models` call for the model the calling task already holds: `/api/<endpoint>`'s built-in
 * handler runs in this thread, on that model, with the call's body (validated by the endpoint's
 * binding, as for an HTTP request).
 */
import { fileURLToPath } from "node:url";
import type { FunctionContext, Handler } from "../../runtime/functions/FunctionContext.js";
import type { ModelEndpoint } from "../../runtime/functions/Models.js";
import { runHandler } from "../../runtime/functions/runHandler.js";
import { errorResponse } from "../../runtime/http/errorResponse.js";
import { importModule } from "./loadChain.js";

export async function runLocally(
    endpoint: ModelEndpoint,
    body: Record<string, unknown>,
    ctx: Omit<FunctionContext, "next" | "data">
): Promise<Response> {
    try {
        const file = fileURLToPath(new URL(`../../functions/api/${endpoint}.js`, import.meta.url));
        const module = await importModule(file);
        (module.model as ((body: unknown) => unknown) | undefined)?.(body);
        const request = new Request(`http://kettle.internal/api/${endpoint}`, { method: "POST", body: JSON.stringify(body) });
        return await runHandler([{ handler: module.onRequestPost as Handler, where: `${file}#onRequestPost` }], {
            ...ctx,
            request,
            params: {},
            body
        });
    } catch (error) {
        return errorResponse(error);
    }
}
