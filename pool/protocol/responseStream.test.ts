import { test } from "node:test";
import assert from "node:assert/strict";
import { FunctionTimeoutError } from "../../runtime/errors/FunctionTimeoutError.js";
import { errorStatus } from "../../runtime/http/errorStatus.js";
import type { ResponseMessage } from "./messages.js";
import { ResponseReceiver } from "./ResponseReceiver.js";
import { sendResponse } from "./sendResponse.js";

// The one encoder and the one decoder of a streamed Response, wired back to back as the port would.

function pipe(options: Partial<ConstructorParameters<typeof ResponseReceiver>[0]> = {}) {
    const sent: ResponseMessage[] = [];
    const receiver = new ResponseReceiver({ onCancel: () => undefined, ...options });
    const post = (message: ResponseMessage) => {
        sent.push(message);
        receiver.receive(structuredClone(message));
    };
    return { sent, receiver, post };
}

function streamOf(pieces: string[], failAfter?: Error): ReadableStream<Uint8Array> {
    let i = 0;
    return new ReadableStream<Uint8Array>({
        pull(controller) {
            if (i < pieces.length) return controller.enqueue(new TextEncoder().encode(pieces[i++]!));
            if (failAfter) return controller.error(failAfter);
            controller.close();
        }
    });
}

test("a streamed body arrives piece by piece with its status and headers; the head carries the first piece", async () => {
    const { sent, receiver, post } = pipe();
    await sendResponse(new Response(streamOf(["a", "bc", "def"]), { status: 201, headers: { "x-kind": "test" } }), post, {
        failure: () => assert.fail("no failure")
    });
    assert.deepEqual(
        sent.map((message) => message.type),
        ["head", "chunk", "chunk", "end"]
    );
    const response = await receiver.response;
    assert.equal(response.status, 201);
    assert.equal(response.headers.get("x-kind"), "test");
    assert.equal(await response.text(), "abcdef");
});

test("a null-body status comes back without a body", async () => {
    const { receiver, post } = pipe();
    await sendResponse(new Response(null, { status: 204 }), post, { failure: () => assert.fail("no failure") });
    const response = await receiver.response;
    assert.equal(response.status, 204);
    assert.equal(response.body, null);
});

test("a failure before the head rejects the response with the typed error", async () => {
    const { receiver } = pipe();
    receiver.receive({ type: "failed", failure: { kind: "timeout", message: "GET /x (x.ts) timed out" } });
    await assert.rejects(receiver.response, (error: unknown) => error instanceof FunctionTimeoutError && errorStatus(error) === 504);
});

test("a body that fails after its head ends with the family's final error bytes", async () => {
    const { receiver, post } = pipe({ finalError: (error, contentType) => new TextEncoder().encode(`${contentType}|${error.message}\n`) });
    await sendResponse(
        new Response(streamOf(["one\n"], new Error("boom")), { headers: { "content-type": "application/x-ndjson" } }),
        post,
        {
            failure: (error) => ({ kind: "error", status: 500, message: `relayed: ${(error as Error).message}` })
        }
    );
    assert.equal(await (await receiver.response).text(), "one\napplication/x-ndjson|relayed: boom\n");
});

test("without final bytes a late failure errors the body", async () => {
    const { receiver, post } = pipe();
    await sendResponse(new Response(streamOf(["x"], new Error("boom"))), post, {
        failure: () => ({ kind: "crashed", reason: "gone" })
    });
    await assert.rejects((await receiver.response).text(), /crashed: gone/);
});

test("cancelling the received body tells the sender, and later pieces are dropped", async () => {
    let cancelled = 0;
    const { receiver } = pipe({ onCancel: () => cancelled++ });
    receiver.receive({ type: "head", status: 200, headers: [], bytes: new TextEncoder().encode("first") });
    const response = await receiver.response;
    const reader = response.body!.getReader();
    assert.equal(new TextDecoder().decode((await reader.read()).value), "first");
    await reader.cancel();
    assert.equal(cancelled, 1);
    receiver.receive({ type: "chunk", bytes: new TextEncoder().encode("late") });
    receiver.receive({ type: "end" });
    assert.equal(receiver.finished, true);
});

test("an aborted sender stops reading and just ends", async () => {
    const controller = new AbortController();
    const { sent, post } = pipe();
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
        pull(stream) {
            pulls++;
            if (pulls === 2) controller.abort();
            stream.enqueue(new TextEncoder().encode("tick"));
        }
    });
    await sendResponse(new Response(body), post, { signal: controller.signal, failure: () => assert.fail("no failure") });
    assert.equal(sent.at(-1)!.type, "end");
    assert.ok(pulls < 10, `stopped pulling (${pulls})`);
});
