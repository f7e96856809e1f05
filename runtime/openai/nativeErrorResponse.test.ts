import { test } from "node:test";
import assert from "node:assert/strict";
import { nativeErrorResponse } from "./nativeErrorResponse.js";
import { readNativeChunks } from "./readNativeChunks.js";
import { NativeStreamError } from "./NativeStreamError.js";

test("a native error response is re-rendered in OpenAI's envelope with its status and Retry-After", async () => {
    const native = new Response(JSON.stringify({ error: "server busy" }), { status: 503, headers: { "Retry-After": "1" } });
    const response = await nativeErrorResponse(native);
    assert.equal(response.status, 503);
    assert.equal(response.headers.get("Retry-After"), "1");
    assert.equal(response.headers.get("Content-Type"), "application/json; charset=utf-8");
    assert.deepEqual(await response.json(), { error: { message: "server busy", type: "api_error", param: null, code: null } });

    const invalid = await nativeErrorResponse(new Response(JSON.stringify({ error: "invalid JSON schema in format: x" }), { status: 400 }));
    assert.deepEqual(await invalid.json(), {
        error: { message: "invalid JSON schema in format: x", type: "invalid_request_error", param: null, code: null }
    });
});

test("native chunks are read line by line, across arbitrary byte boundaries", async () => {
    const text = '{"response":"é"}\n{"response":"b","done":true}\n';
    const bytes = new TextEncoder().encode(text);
    const body = new ReadableStream<Uint8Array>({
        start(controller) {
            // One byte at a time, which splits the two-byte "é" too.
            for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
            controller.close();
        }
    });
    const chunks = [];
    for await (const chunk of readNativeChunks(new Response(body))) chunks.push(chunk);
    assert.deepEqual(chunks, [{ response: "é" }, { response: "b", done: true }]);

    const single = [];
    for await (const chunk of readNativeChunks(new Response('{"response":"","done":true,"done_reason":"load"}'))) single.push(chunk);
    assert.deepEqual(single, [{ response: "", done: true, done_reason: "load" }]);
});

test("an error line ends the native chunks with a NativeStreamError", async () => {
    const read = async () => {
        for await (const _chunk of readNativeChunks(new Response('{"response":"a"}\n{"error":"out of memory"}\n'))) void _chunk;
    };
    await assert.rejects(read, (error: unknown) => error instanceof NativeStreamError && error.message === "out of memory");
});
