import assert from "node:assert/strict";
import { test } from "node:test";
import { arrivalLimitMs, PromptArrivals, recentMs } from "./PromptArrivals.js";

test("an arrival is pending until it ends, or until the limit passes", () => {
    const clock = { now: 1000 };
    const arrivals = new PromptArrivals(() => clock.now);
    assert.equal(arrivals.pending(), false);
    const first = arrivals.begin();
    const second = arrivals.begin();
    assert.equal(arrivals.pending(), true);
    first();
    first();
    assert.equal(arrivals.pending(), true, "the other is still on its way");
    second();
    assert.equal(arrivals.pending(), false);
    arrivals.begin();
    clock.now += arrivalLimitMs + 1;
    assert.equal(arrivals.pending(), false, "a stale arrival no longer holds the lines");
});

test("interactive traffic is recent for a minute after the last arrival", () => {
    const clock = { now: 1000 };
    const arrivals = new PromptArrivals(() => clock.now);
    assert.equal(arrivals.recent(), false);
    arrivals.begin()();
    assert.equal(arrivals.recent(), true);
    clock.now += recentMs;
    assert.equal(arrivals.recent(), false);
});
