import { test } from "node:test";
import assert from "node:assert/strict";
import { formatUntil } from "./formatUntil.js";

const now = new Date("2026-01-10T12:00:00.000Z");
const inMs = (ms: number) => new Date(now.getTime() + ms).toISOString();

test("formatUntil: time left, as Ollama's ps prints it", () => {
    assert.equal(formatUntil(inMs(4 * 60_000 + 500), now), "4 minutes from now");
    assert.equal(formatUntil(inMs(5 * 60_000), now), "5 minutes from now");
    assert.equal(formatUntil(inMs(90_000), now), "About a minute from now");
    assert.equal(formatUntil(inMs(30_000), now), "30 seconds from now");
    assert.equal(formatUntil(inMs(400), now), "Less than a second from now");
    assert.equal(formatUntil(inMs(24 * 3600_000), now), "24 hours from now");
});

test("formatUntil: Forever from 21 years ahead (keep_alive -1), years truncated as Go does", () => {
    // What Kettle sends for keep_alive: -1 (the largest Date), and what Go's time.Now().Add(MaxInt64) gives.
    assert.equal(formatUntil(new Date(8.64e15).toISOString(), now), "Forever");
    assert.equal(formatUntil("2318-04-21T12:00:00Z", now), "Forever");
    assert.equal(formatUntil(inMs(21 * 365 * 86400_000), now), "Forever");
    // Go truncates the years (int(hours)/24/365 < -20), so 20.5 years is not Forever yet.
    assert.equal(formatUntil(inMs(20.5 * 365 * 86400_000), now), "20 years from now");
});

test("formatUntil: past expiry is Stopping..., a missing one Never", () => {
    assert.equal(formatUntil(inMs(-1), now), "Stopping...");
    assert.equal(formatUntil(inMs(-3600_000), now), "Stopping...");
    assert.equal(formatUntil(now.toISOString(), now), "Less than a second ago");
    assert.equal(formatUntil(undefined, now), "Never");
    assert.equal(formatUntil("not a time", now), "Never");
});
