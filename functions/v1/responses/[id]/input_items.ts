/**
 * @module functions/v1/responses/[id]/input_items
 * `GET /v1/responses/:id/input_items?limit&after&order`: the input items of a stored response's
 * turn, newest first unless `order=asc`, as OpenAI's list (`data`, `first_id`, `last_id`, `has_more`).
 */
import { BadRequestError } from "../../../../runtime/errors/BadRequestError.js";
import { ResourceNotFoundError } from "../../../../runtime/errors/ResourceNotFoundError.js";
import { controlPlane } from "../../../../runtime/functions/controlPlane.js";
import type { ErrorFamily } from "../../../../runtime/functions/types.js";
import { jsonResponse } from "../../../../runtime/http/jsonResponse.js";
import { listQuery } from "../../../../runtime/openai/listQuery.js";

export const errors: ErrorFamily = "openai";

export const onRequestGet = controlPlane(({ request, params, services }): Response => {
    const id = String(params.id);
    if (!services.responses.get(id)) throw new ResourceNotFoundError("Response", id);
    const url = new URL(request.url);
    const { after, limit } = listQuery(url, 100);
    const order = url.searchParams.get("order") ?? "desc";
    if (order !== "asc" && order !== "desc") {
        throw new BadRequestError(`order must be "asc" or "desc"; got ${JSON.stringify(order)}`, { param: "order" });
    }
    const page = services.responses.inputItems(id, { after, limit, order });
    return jsonResponse({
        object: "list",
        data: page.data,
        first_id: page.data[0]?.id ?? null,
        last_id: page.data.at(-1)?.id ?? null,
        has_more: page.has_more
    });
});
