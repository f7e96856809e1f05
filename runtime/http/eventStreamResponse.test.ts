import { test } from "node:test";
import assert from "node:assert/strict";
import { StreamedError } from "../errors/StreamedError.js";
import { eventStreamResponse } from "./eventStreamResponse.js";

test("each event is written as `event: <type>` and its JSON", async () => {
    async function* events() {
        yield { type: "message_start", n: 1 };
        yield { type: "message_stop" };
    }
    const response = eventStreamResponse(events());
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("Content-Type"), "text/event-stream; charset=utf-8");
    assert.equal(
        await response.text(),
        `event: message_start\ndata: {"type":"message_start","n":1}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n`
    );
});

test("a failure while streaming is a last `event: error` in Anthropic's shape; unexpected errors are hidden and logged", async () => {
    async function* failing(error: Error) {
        yield { type: "message_start" };
        throw error;
    }
    const streamed = await eventStreamResponse(failing(new StreamedError("the engine failed"))).text();
    assert.equal(
        streamed,
        `event: message_start\ndata: {"type":"message_start"}\n\n` +
            `event: error\ndata: {"type":"error","error":{"type":"api_error","message":"the engine failed"}}\n\n`
    );
    const logged: unknown[] = [];
    const hidden = await eventStreamResponse(failing(new Error("/secret/path")), { log: (error) => logged.push(error) }).text();
    assert.match(hidden, /"message":"internal error"/);
    assert.equal(logged.length, 1);
});

test("cancelling the response stops the source", async () => {
    let stopped = false;
    async function* endless() {
        try {
            for (;;) yield { type: "ping" };
        } finally {
            stopped = true;
        }
    }
    const reader = eventStreamResponse(endless()).body!.getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(stopped, true);
});
