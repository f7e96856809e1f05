import { test } from "node:test";
import assert from "node:assert/strict";
import { BadRequestError } from "../errors/BadRequestError.js";
import { StreamedError } from "../errors/StreamedError.js";
import { sseResponse } from "./sseResponse.js";

async function* items(values: object[], error?: unknown): AsyncGenerator<object> {
    yield* values;
    if (error) throw error;
}

test("each item is a data event, and [DONE] ends the stream", async () => {
    const response = sseResponse(items([{ a: 1 }, { b: "x" }]));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("Content-Type"), "text/event-stream");
    assert.equal(await response.text(), 'data: {"a":1}\n\ndata: {"b":"x"}\n\ndata: [DONE]\n\n');
});

test("an error after the first item is a last error event in OpenAI's envelope, without [DONE]", async () => {
    const response = sseResponse(items([{ a: 1 }], new StreamedError("the model crashed")));
    assert.equal(
        await response.text(),
        'data: {"a":1}\n\ndata: {"error":{"message":"the model crashed","type":"api_error","param":null,"code":null}}\n\n'
    );
    const bad = sseResponse(items([], new BadRequestError("bad")));
    assert.match(await bad.text(), /"type":"invalid_request_error"/);
});

test("an unexpected error is logged and reported as an internal error", async () => {
    const logged: unknown[] = [];
    const response = sseResponse(items([], new Error("secret path /x")), { log: (error) => logged.push(error) });
    assert.equal(await response.text(), 'data: {"error":{"message":"internal error","type":"api_error","param":null,"code":null}}\n\n');
    assert.equal(logged.length, 1);
});

test("a client that goes away stops the source", async () => {
    let stopped = false;
    async function* endless(): AsyncGenerator<object> {
        try {
            for (let i = 0; ; i++) yield { i };
        } finally {
            stopped = true;
        }
    }
    const reader = sseResponse(endless()).body!.getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(stopped, true);
});
