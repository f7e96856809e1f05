import { test } from "node:test";
import assert from "node:assert/strict";
import { ModelNotFoundError } from "../errors/ModelNotFoundError.js";
import { QueueFullError } from "../errors/QueueFullError.js";
import { ndjsonResponse } from "./ndjsonResponse.js";

/** A promise resolved from outside, to step a generator from the test. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
    let resolve = () => {};
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
}

async function* items(values: object[]): AsyncGenerator<object> {
    yield* values;
}

test("streams one JSON object per line with Ollama's content type", async () => {
    const response = await ndjsonResponse(
        items([
            { response: "Hel", done: false },
            { response: "lo", done: true, done_reason: "stop" }
        ])
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("Content-Type"), "application/x-ndjson");
    assert.equal(await response.text(), `{"response":"Hel","done":false}\n{"response":"lo","done":true,"done_reason":"stop"}\n`);
});

test("an empty source gives an empty 200 stream", async () => {
    const response = await ndjsonResponse(items([]));
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "");
});

test("an error before the first item is a plain JSON error response with its status", async () => {
    async function* failing(): AsyncGenerator<object> {
        throw new ModelNotFoundError("llama3.2");
    }
    const response = await ndjsonResponse(failing());
    assert.equal(response.status, 404);
    assert.equal(response.headers.get("Content-Type"), "application/json; charset=utf-8");
    assert.equal(await response.text(), `{"error":"model 'llama3.2' not found"}`);

    async function* busy(): AsyncGenerator<object> {
        throw new QueueFullError();
    }
    assert.equal((await ndjsonResponse(busy())).status, 503);
});

test("an error after streaming began is a final error line, status 200", async () => {
    async function* failing(): AsyncGenerator<object> {
        yield { status: "pulling manifest" };
        throw new ModelNotFoundError("llama3.2");
    }
    const response = await ndjsonResponse(failing());
    assert.equal(response.status, 200);
    assert.equal(await response.text(), `{"status":"pulling manifest"}\n{"error":"model 'llama3.2' not found"}\n`);
});

test("an unexpected error mid-stream is logged and hidden", async () => {
    const logged: unknown[] = [];
    const bug = new RangeError("secret detail");
    async function* failing(): AsyncGenerator<object> {
        yield { done: false };
        throw bug;
    }
    const response = await ndjsonResponse(failing(), { log: (error) => logged.push(error) });
    assert.equal(await response.text(), `{"done":false}\n{"error":"internal error"}\n`);
    assert.deepEqual(logged, [bug]);
});

test("chunks reach the client as they are produced", async () => {
    const gate = deferred();
    async function* slow(): AsyncGenerator<object> {
        yield { n: 1 };
        await gate.promise;
        yield { n: 2 };
    }
    const reader = (await ndjsonResponse(slow())).body!.getReader();
    const decoder = new TextDecoder();
    assert.equal(decoder.decode((await reader.read()).value), `{"n":1}\n`);
    gate.resolve();
    assert.equal(decoder.decode((await reader.read()).value), `{"n":2}\n`);
    assert.equal((await reader.read()).done, true);
});

test("cancelling the stream (client gone) returns the source iterator, running its finally", async () => {
    let finalized = false;
    let produced = 0;
    async function* endless(): AsyncGenerator<object> {
        try {
            for (;;) yield { n: ++produced };
        } finally {
            finalized = true;
        }
    }
    const reader = (await ndjsonResponse(endless())).body!.getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(finalized, true);
    // Pulled one item ahead at most: nothing is buffered beyond what the stream asked for.
    assert.ok(produced <= 2, `produced ${produced}`);
});

test("an aborted signal stops the source and ends the stream with request canceled", async () => {
    const controller = new AbortController();
    let finalized = false;
    const gate = deferred();
    async function* waiting(): AsyncGenerator<object> {
        try {
            yield { n: 1 };
            await gate.promise;
            yield { n: 2 };
        } finally {
            finalized = true;
        }
    }
    const response = await ndjsonResponse(waiting(), { signal: controller.signal });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    assert.equal(decoder.decode((await reader.read()).value), `{"n":1}\n`);
    controller.abort();
    assert.equal(decoder.decode((await reader.read()).value), `{"error":"request canceled"}\n`);
    assert.equal((await reader.read()).done, true);
    gate.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(finalized, true);
});

test("an error raised because the signal aborted before the first item is a 499", async () => {
    const controller = new AbortController();
    controller.abort();
    async function* aborted(): AsyncGenerator<object> {
        controller.signal.throwIfAborted();
        yield {};
    }
    const logged: unknown[] = [];
    const response = await ndjsonResponse(aborted(), { signal: controller.signal, log: (error) => logged.push(error) });
    assert.equal(response.status, 499);
    assert.deepEqual(await response.json(), { error: "request canceled" });
    assert.deepEqual(logged, []);
});
