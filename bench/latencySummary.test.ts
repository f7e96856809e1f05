import { test } from "node:test";
import assert from "node:assert/strict";
import { latencySummary } from "./latencySummary.js";

test("latencySummary: TTFT percentiles, and queue wait as TTFT minus the lone request's median, floored at 0", () => {
    // 4 slots, 8 clients: the first 4 start at once, the other 4 wait about one generation.
    const ttft = [100, 104, 108, 112, 600, 604, 608, 612];
    const summary = latencySummary(ttft, 100);
    assert.equal(summary.ttftP50Ms, 356);
    assert.ok(Math.abs(summary.ttftP99Ms - 611.72) < 1e-9, String(summary.ttftP99Ms));
    assert.equal(summary.queueWaitP50Ms, 256);
    assert.ok(Math.abs(summary.queueWaitP99Ms - 511.72) < 1e-9, String(summary.queueWaitP99Ms));
});

test("latencySummary: a request faster than the baseline waited 0, not less", () => {
    const summary = latencySummary([90, 95, 100], 100);
    assert.equal(summary.queueWaitP50Ms, 0);
    assert.equal(summary.queueWaitP99Ms, 0);
    assert.equal(summary.ttftP50Ms, 95);
});

test("latencySummary: queue waits the server measured are used as they are, not estimated", () => {
    const summary = latencySummary([100, 104, 600, 604], 100, [0, 1, 490, 500]);
    assert.equal(summary.queueWaitP50Ms, 245.5);
    assert.ok(Math.abs(summary.queueWaitP99Ms - 499.7) < 1e-9, String(summary.queueWaitP99Ms));
    assert.deepEqual(summary.queueWaitsMs, [0, 1, 490, 500]);
});
