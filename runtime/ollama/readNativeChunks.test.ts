import { test } from "node:test";
import assert from "node:assert/strict";
import { StreamedError } from "../errors/StreamedError.js";
import type { ResponseChunk } from "./types.js";
import { readNativeChunks } from "./readNativeChunks.js";

/** A response whose body arrives in the given pieces. */
function responseOf(pieces: string[], onCancel?: () => void): Response {
    const encoder = new TextEncoder();
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
        pull(controller) {
            if (i < pieces.length) controller.enqueue(encoder.encode(pieces[i++]!));
            else controller.close();
        },
        cancel: () => onCancel?.()
    });
    return new Response(body);
}

async function collect(response: Response): Promise<ResponseChunk[]> {
    const chunks: ResponseChunk[] = [];
    for await (const chunk of readNativeChunks<ResponseChunk>(response)) chunks.push(chunk);
    return chunks;
}

test("lines split anywhere are put back together; a last line needs no newline", async () => {
    const chunks = await collect(
        responseOf([
            '{"message":{"content":"H',
            'é"},"done":false}\n{"message":{"content":"!"},',
            '"done":false}\n\n{"done":true,"done_reason":"stop"}'
        ])
    );
    assert.deepEqual(chunks, [
        { message: { content: "Hé" }, done: false },
        { message: { content: "!" }, done: false },
        { done: true, done_reason: "stop" }
    ]);
});

test("an error line ends the chunks with a StreamedError carrying its message", async () => {
    const response = responseOf(['{"message":{"content":"a"},"done":false}\n', '{"error":"request canceled"}\n']);
    const seen: ResponseChunk[] = [];
    await assert.rejects(
        (async () => {
            for await (const chunk of readNativeChunks<ResponseChunk>(response)) seen.push(chunk);
        })(),
        { name: "StreamedError", message: "request canceled" }
    );
    assert.equal(seen.length, 1);
});

test("stopping early cancels the body (which stops the native generation)", async () => {
    let cancelled = false;
    const response = responseOf(['{"done":false}\n', '{"done":false}\n', '{"done":true}\n'], () => (cancelled = true));
    for await (const chunk of readNativeChunks<ResponseChunk>(response)) {
        assert.equal(chunk.done, false);
        break;
    }
    assert.equal(cancelled, true);
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

test("an error line ends the native chunks with a StreamedError", async () => {
    const read = async () => {
        for await (const _chunk of readNativeChunks(new Response('{"response":"a"}\n{"error":"out of memory"}\n'))) void _chunk;
    };
    await assert.rejects(read, (error: unknown) => error instanceof StreamedError && error.message === "out of memory");
});
