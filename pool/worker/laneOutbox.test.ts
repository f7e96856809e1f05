import { test } from "node:test";
import assert from "node:assert/strict";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { flushToLane, postToLane } from "./laneOutbox.js";

type Message = { type: string; n?: number };

function collect(port: MessagePort): Message[] {
    const received: Message[] = [];
    port.on("message", (message: Message) => received.push(message));
    return received;
}

/** Waits until `received` holds `count` messages (or a second has passed). */
async function until(received: Message[], count: number): Promise<void> {
    const started = performance.now();
    while (received.length < count && performance.now() - started < 1000) await new Promise((resolve) => setTimeout(resolve, 1));
}

const chunk = (n: number) => ({ type: "chunk", n }) as Message;

test("chunks of several tasks keep their order; anything else goes at once, after the chunks queued before it", async () => {
    const [a, b] = [new MessageChannel(), new MessageChannel()];
    const [fromA, fromB] = [collect(a.port2), collect(b.port2)];
    try {
        postToLane(a.port1, chunk(1));
        postToLane(b.port1, chunk(1));
        postToLane(a.port1, chunk(2));
        postToLane(a.port1, { type: "end" });
        await until(fromA, 3);
        await until(fromB, 1);
        assert.deepEqual(fromA, [chunk(1), chunk(2), { type: "end" }]);
        assert.deepEqual(fromB, [chunk(1)]);
    } finally {
        for (const channel of [a, b]) channel.port1.close();
    }
});

test("a chunk alone still leaves, after its short wait", async () => {
    const channel = new MessageChannel();
    const received = collect(channel.port2);
    try {
        postToLane(channel.port1, chunk(7));
        await until(received, 1);
        assert.deepEqual(received, [chunk(7)]);
        flushToLane(); // nothing left: a no-op
    } finally {
        channel.port1.close();
    }
});
