import { test } from "node:test";
import assert from "node:assert/strict";
import { QueueFullError } from "../errors/QueueFullError.js";
import { errorResponse } from "../http/errorResponse.js";
import { nativeErrorResponse } from "./nativeErrorResponse.js";

test("a native error answer keeps its status and message in Anthropic's envelope", async () => {
    const response = await nativeErrorResponse(new Response(JSON.stringify({ error: "the prompt is empty" }), { status: 400 }));
    assert.equal(response.status, 400);
    assert.equal(response.headers.get("Content-Type"), "application/json; charset=utf-8");
    assert.deepEqual(await response.json(), { type: "error", error: { type: "invalid_request_error", message: "the prompt is empty" } });
});

test("a full queue stays a 503 overloaded_error with its Retry-After", async () => {
    const response = await nativeErrorResponse(errorResponse(new QueueFullError()));
    assert.equal(response.status, 503);
    assert.equal(response.headers.get("Retry-After"), "1");
    assert.deepEqual(await response.json(), {
        type: "error",
        error: { type: "overloaded_error", message: "server busy, please try again.  maximum pending requests exceeded" }
    });
});

test("a body that is not Ollama's error JSON is passed on as the message", async () => {
    const response = await nativeErrorResponse(new Response("upstream exploded", { status: 500 }));
    assert.deepEqual(await response.json(), { type: "error", error: { type: "api_error", message: "upstream exploded" } });
});
