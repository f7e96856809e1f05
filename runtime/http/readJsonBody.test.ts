import { test } from "node:test";
import assert from "node:assert/strict";
import { BadRequestError } from "../errors/BadRequestError.js";
import { PayloadTooLargeError } from "../errors/PayloadTooLargeError.js";
import { maxJsonNesting, readJsonBody } from "./readJsonBody.js";

function post(body: string | ReadableStream<Uint8Array> | null, headers?: Record<string, string>): Request {
    return new Request("http://localhost/api/generate", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

/** A body streamed in chunks, with no Content-Length, that records how much of it was pulled. */
function chunked(chunks: string[]): { request: Request; pulled: () => number } {
    let index = 0;
    const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
            const chunk = chunks[index++];
            if (chunk === undefined) controller.close();
            else controller.enqueue(new TextEncoder().encode(chunk));
        }
    });
    return { request: post(stream), pulled: () => index };
}

test("returns the parsed value, whatever its type", async () => {
    assert.deepEqual(await readJsonBody(post(`{"model":"llama3.2","stream":false}`), 1024), { model: "llama3.2", stream: false });
    assert.equal(await readJsonBody(post("null"), 1024), null);
    assert.deepEqual(await readJsonBody(post(" [1, 2] "), 1024), [1, 2]);
    assert.equal(await readJsonBody(post(`"é"`), 1024), "é");
});

test("an empty or blank body is Ollama's missing request body", async () => {
    for (const body of [null, "", " \n\t\r "]) {
        await assert.rejects(readJsonBody(post(body), 1024), (error: unknown) => {
            assert.ok(error instanceof BadRequestError);
            assert.equal(error.message, "missing request body");
            return true;
        });
    }
});

test("invalid JSON names the position and the problem", async () => {
    await assert.rejects(readJsonBody(post(`{"model": llama3.2}`), 1024), (error: unknown) => {
        assert.ok(error instanceof BadRequestError);
        assert.equal(
            error.message,
            "invalid JSON in request body at line 1, column 11: invalid character 'l' looking for beginning of value"
        );
        assert.ok(error.cause instanceof SyntaxError);
        return true;
    });
    await assert.rejects(readJsonBody(post(`{"model":"x",\n"stream":}`), 1024), {
        message: "invalid JSON in request body at line 2, column 10: invalid character '}' looking for beginning of value"
    });
    await assert.rejects(readJsonBody(post(`{"model":"x"`), 1024), {
        message: "invalid JSON in request body at line 1, column 13: unexpected end of JSON input"
    });
});

test("a body of exactly the limit is read", async () => {
    assert.deepEqual(await readJsonBody(post("[1,2]"), 5), [1, 2]);
});

test("a declared Content-Length over the limit is refused before reading", async () => {
    await assert.rejects(readJsonBody(post("[1,2,3]"), 5), (error: unknown) => {
        assert.ok(error instanceof PayloadTooLargeError);
        assert.equal(error.message, "request body too large: limit is 5 bytes");
        return true;
    });
});

test("a streamed body stops being read as soon as it passes the limit", async () => {
    const { request, pulled } = chunked(["[1,", "2,", "3,", "4]", "   ", "   "]);
    await assert.rejects(readJsonBody(request, 6), { message: "request body too large: limit is 6 bytes" });
    assert.equal(pulled(), 3); // "[1," "2," "3,": the third passes 6 bytes
});

test("a streamed body within the limit is parsed", async () => {
    const { request } = chunked(['{"a":', "[1,", "2]}"]);
    assert.deepEqual(await readJsonBody(request, 100), { a: [1, 2] });
});

test("multi-byte characters split across chunks are decoded", async () => {
    const bytes = new TextEncoder().encode(`"café"`);
    const stream = new ReadableStream<Uint8Array>({
        start(controller) {
            controller.enqueue(bytes.slice(0, 4));
            controller.enqueue(bytes.slice(4));
            controller.close();
        }
    });
    assert.equal(await readJsonBody(post(stream), 100), "café");
});

test("a body nested deeper than maxJsonNesting is a 400 before it is parsed", async () => {
    const nested = (depth: number) => `{"model":"m","x":${"[".repeat(depth - 1)}${"]".repeat(depth - 1)}}`;
    assert.deepEqual(((await readJsonBody(post(nested(maxJsonNesting)), 1 << 20)) as { model: string }).model, "m");
    for (const depth of [maxJsonNesting + 1, 20_000]) {
        await assert.rejects(readJsonBody(post(nested(depth)), 1 << 20), (error: unknown) => {
            assert.ok(error instanceof BadRequestError);
            assert.equal(error.message, `invalid JSON in request body: arrays and objects nest deeper than ${maxJsonNesting} levels`);
            return true;
        });
    }
});
