import { test } from "node:test";
import assert from "node:assert/strict";
import { MethodNotAllowedError } from "../errors/MethodNotAllowedError.js";
import { ModelNotFoundError } from "../errors/ModelNotFoundError.js";
import { QueueFullError } from "../errors/QueueFullError.js";
import { errorResponse } from "./errorResponse.js";

test("a KettleError is answered with its status and message", async () => {
    const logged: unknown[] = [];
    const response = errorResponse(new ModelNotFoundError("llama3.2"), (error) => logged.push(error));
    assert.equal(response.status, 404);
    assert.equal(response.headers.get("Content-Type"), "application/json; charset=utf-8");
    assert.equal(await response.text(), `{"error":"model 'llama3.2' not found"}`);
    assert.deepEqual(logged, []);
});

test("the queue-full message keeps Ollama's two spaces", async () => {
    const response = errorResponse(new QueueFullError());
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), { error: "server busy, please try again.  maximum pending requests exceeded" });
});

test("405 carries an Allow header", async () => {
    const response = errorResponse(new MethodNotAllowedError("POST", "/api/tags", ["GET", "HEAD"]));
    assert.equal(response.status, 405);
    assert.equal(response.headers.get("Allow"), "GET, HEAD");
    assert.deepEqual(await response.json(), { error: "method POST not allowed for /api/tags" });
});

test("an unexpected error is logged and answered with a generic 500", async () => {
    const logged: unknown[] = [];
    const bug = new TypeError("Cannot read properties of undefined (reading 'secret/path')");
    const response = errorResponse(bug, (error) => logged.push(error));
    assert.equal(response.status, 500);
    assert.equal(await response.text(), `{"error":"internal error"}`);
    assert.deepEqual(logged, [bug]);
});

test("a thrown non-Error is handled the same way", async () => {
    const logged: unknown[] = [];
    const response = errorResponse("a string", (error) => logged.push(error), "ollama");
    assert.equal(response.status, 500);
    assert.deepEqual(await response.json(), { error: "internal error" });
    assert.deepEqual(logged, ["a string"]);
});

test("OpenAI routes get OpenAI's error envelope", async () => {
    const notFound = errorResponse(new ModelNotFoundError("gpt-4"), undefined, "openai");
    assert.equal(notFound.status, 404);
    assert.deepEqual(await notFound.json(), {
        error: { message: "model 'gpt-4' not found", type: "not_found_error", param: null, code: null }
    });
    const busy = errorResponse(new QueueFullError(), undefined, "openai");
    assert.equal(busy.status, 503);
    assert.equal(busy.headers.get("Retry-After"), "1");
    assert.equal(((await busy.json()) as { error: { type: string } }).error.type, "api_error");
});

test("Anthropic routes get Anthropic's error envelope", async () => {
    const response = errorResponse(new QueueFullError(), undefined, "anthropic");
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), {
        type: "error",
        error: { type: "overloaded_error", message: "server busy, please try again.  maximum pending requests exceeded" }
    });
    const logged: unknown[] = [];
    const bug = errorResponse(new Error("secret"), (error) => logged.push(error), "anthropic");
    assert.deepEqual(await bug.json(), { type: "error", error: { type: "api_error", message: "internal error" } });
    assert.equal(logged.length, 1);
});
