import { test } from "node:test";
import assert from "node:assert/strict";
import { QueueFullError } from "../errors/QueueFullError.js";
import { errorResponse } from "./errorResponse.js";
import { reshapeErrorResponse } from "./reshapeErrorResponse.js";

test("a native error response is re-rendered in OpenAI's envelope with its status and Retry-After", async () => {
    const native = new Response(JSON.stringify({ error: "server busy" }), { status: 503, headers: { "Retry-After": "1" } });
    const response = await reshapeErrorResponse(native, "openai");
    assert.equal(response.status, 503);
    assert.equal(response.headers.get("Retry-After"), "1");
    assert.equal(response.headers.get("Content-Type"), "application/json; charset=utf-8");
    assert.deepEqual(await response.json(), { error: { message: "server busy", type: "api_error", param: null, code: null } });

    const invalid = await reshapeErrorResponse(
        new Response(JSON.stringify({ error: "invalid JSON schema in format: x" }), { status: 400 }),
        "openai"
    );
    assert.deepEqual(await invalid.json(), {
        error: { message: "invalid JSON schema in format: x", type: "invalid_request_error", param: null, code: null }
    });
});

test("a native error answer keeps its status and message in Anthropic's envelope", async () => {
    const response = await reshapeErrorResponse(
        new Response(JSON.stringify({ error: "the prompt is empty" }), { status: 400 }),
        "anthropic"
    );
    assert.equal(response.status, 400);
    assert.equal(response.headers.get("Content-Type"), "application/json; charset=utf-8");
    assert.deepEqual(await response.json(), { type: "error", error: { type: "invalid_request_error", message: "the prompt is empty" } });
});

test("a full queue stays a 503 overloaded_error with its Retry-After", async () => {
    const response = await reshapeErrorResponse(errorResponse(new QueueFullError()), "anthropic");
    assert.equal(response.status, 503);
    assert.equal(response.headers.get("Retry-After"), "1");
    assert.deepEqual(await response.json(), {
        type: "error",
        error: { type: "overloaded_error", message: "server busy, please try again.  maximum pending requests exceeded" }
    });
});

test("a body that is not Ollama's error JSON is passed on as the message", async () => {
    const response = await reshapeErrorResponse(new Response("upstream exploded", { status: 500 }), "anthropic");
    assert.deepEqual(await response.json(), { type: "error", error: { type: "api_error", message: "upstream exploded" } });
});
