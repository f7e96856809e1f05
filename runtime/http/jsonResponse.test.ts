import { test } from "node:test";
import assert from "node:assert/strict";
import { jsonResponse } from "./jsonResponse.js";

test("serializes the value with Ollama's JSON content type", async () => {
    const response = jsonResponse({ models: [] });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("Content-Type"), "application/json; charset=utf-8");
    assert.equal(await response.text(), `{"models":[]}`);
});

test("takes a status and extra headers, which cannot override the content type", async () => {
    const response = jsonResponse({ status: "success" }, 201, { "X-Test": "1", "Content-Type": "text/plain" });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get("X-Test"), "1");
    assert.equal(response.headers.get("Content-Type"), "application/json; charset=utf-8");
});
