/**
 * @module functions/v1/responses
 * `POST /v1/responses`: OpenAI's Responses API over the native chat. The request's input items
 * (after the conversation of `previous_response_id`, when given) become chat messages; the
 * model's stream becomes the response's output items, sent as server-sent events with
 * `stream: true` or answered as one response object. With `store` (the default) the response and
 * its input are kept (ResponseStore), so a later request can continue from it.
 *
 * It runs on the control plane, where the stored responses are, and reaches the model through
 * `ctx.models.chat` (the worker holding it warm).
 */
import type { ChatResponse } from "../../../runtime/functions/Models.js";
import { controlPlane } from "../../../runtime/functions/controlPlane.js";
import type { ErrorFamily } from "../../../runtime/functions/types.js";
import { ResourceNotFoundError } from "../../../runtime/errors/ResourceNotFoundError.js";
import { errorBody } from "../../../runtime/http/errorResponse.js";
import { eventStreamResponse } from "../../../runtime/http/eventStreamResponse.js";
import { jsonResponse } from "../../../runtime/http/jsonResponse.js";
import { readJsonBody } from "../../../runtime/http/readJsonBody.js";
import { newId } from "../../../runtime/openai/newId.js";
import { readInputItems } from "../../../runtime/responses/readInputItems.js";
import { finalEventTypes, responseEvents, type ResponseEvent } from "../../../runtime/responses/responseEvents.js";
import { parseResponsesRequest } from "../../../runtime/responses/responsesRequest.js";
import { responseShell } from "../../../runtime/responses/responseShell.js";
import { toOllamaChat } from "../../../runtime/responses/toOllamaChat.js";
import type { ResponseObject } from "../../../runtime/responses/types.js";

export const errors: ErrorFamily = "openai";

export const onRequestPost = controlPlane(async ({ request: http, body, models, services }): Promise<Response> => {
    const request = parseResponsesRequest(body !== undefined ? body : await readJsonBody(http, services.config.server.maxBodyBytes));
    const store = services.responses;
    const previous = request.previous_response_id;
    if (previous && !store.get(previous)) throw new ResourceNotFoundError("Response", previous);
    const input = readInputItems(request.input, (id) => store.findItem(id));
    const conversation = [...(previous ? store.conversation(previous) : []), ...input];
    const chat = toOllamaChat(request, conversation);

    // A refusal of the model (unknown, no vision, no tools) is thrown here, before anything streams.
    const chunks = (await models.chat(chat)) as AsyncIterable<ChatResponse>;
    const events = saved(responseEvents(chunks, responseShell(request, newId("resp_"))), (response) => {
        if (response.store) store.save(response, input);
    });
    if (request.stream) return eventStreamResponse(events, { family: "openai" });

    let final: ResponseObject | undefined;
    for await (const event of events) if (finalEventTypes.includes(event.type)) final = event.response as ResponseObject;
    if (!final || final.status === "failed") {
        const message = final?.error?.message ?? "the response ended without a result";
        return jsonResponse(errorBody("openai", 500, message), 500);
    }
    return jsonResponse(final);
});

/** The events, passing the final response object to `save` before the last event goes out. */
async function* saved(events: AsyncGenerator<ResponseEvent>, save: (response: ResponseObject) => void): AsyncGenerator<ResponseEvent> {
    for await (const event of events) {
        if (finalEventTypes.includes(event.type)) save(event.response as ResponseObject);
        yield event;
    }
}
