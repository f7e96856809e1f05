import { test } from "node:test";
import assert from "node:assert/strict";
import { SequencePool } from "./SequencePool.js";

test("hands out free slots, then queues first come first served", async () => {
    const pool = new SequencePool(["a", "b"]);
    const first = await pool.acquire();
    const second = await pool.acquire();
    assert.equal(pool.freeCount, 0);
    const order: string[] = [];
    const third = pool.acquire().then((lease) => (order.push(`third:${lease.slot}`), lease));
    const fourth = pool.acquire().then((lease) => (order.push(`fourth:${lease.slot}`), lease));
    assert.equal(pool.waitingCount, 2);
    second.release();
    second.release(); // idempotent: must not hand the slot out twice
    (await third).release();
    await fourth;
    assert.deepEqual(order, ["third:b", "fourth:b"]);
    first.release();
    assert.equal(pool.freeCount, 1);
});

test("a waiting request can be aborted, and leaves the queue", async () => {
    const pool = new SequencePool(["only"]);
    const held = await pool.acquire();
    const controller = new AbortController();
    const waiting = pool.acquire(controller.signal);
    controller.abort();
    await assert.rejects(waiting, { name: "AbortError" });
    assert.equal(pool.waitingCount, 0);
    held.release();
    assert.equal(pool.freeCount, 1);
    await assert.rejects(pool.acquire(controller.signal), { name: "AbortError" }, "an aborted signal fails at once");
});

test("prefers the free slot that already holds the longest prefix of the prompt", async () => {
    const slots = [{ tokens: [1, 2] }, { tokens: [1, 5, 6, 7] }, { tokens: [] }];
    const pool = new SequencePool(slots, (slot, prompt) => {
        let index = 0;
        while (index < slot.tokens.length && slot.tokens[index] === prompt[index]) index++;
        return index;
    });
    const lease = await pool.acquire(undefined, [1, 5, 6, 9]);
    assert.equal(lease.slot, slots[1]);
});

test("dispose fails the waiting requests", async () => {
    const pool = new SequencePool([1]);
    await pool.acquire();
    const waiting = pool.acquire();
    pool.dispose();
    await assert.rejects(waiting, /unloaded/);
});

test("among equally good free slots, takes the first in order, so busy slots stay together", async () => {
    const pool = new SequencePool([0, 1, 2, 3]);
    const leases = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire(), pool.acquire()]);
    assert.deepEqual(
        leases.map((lease) => lease.slot),
        [0, 1, 2, 3]
    );
    // Released out of order: the next requests still fill the lowest slots first.
    leases[2]!.release();
    leases[0]!.release();
    leases[3]!.release();
    assert.equal((await pool.acquire()).slot, 0);
    assert.equal((await pool.acquire(undefined, [7, 8])).slot, 2);
});
