import { test } from "node:test";
import assert from "node:assert/strict";
import { formatOptional } from "./formatOptional.js";
import { formatSlots } from "./formatSlots.js";

test("formatOptional prints what the server sent, and - for what it did not", () => {
    assert.equal(formatOptional("cpu"), "cpu");
    assert.equal(formatOptional("gpu0,gpu1"), "gpu0,gpu1");
    assert.equal(formatOptional(0), "0");
    assert.equal(formatOptional(12), "12");
    assert.equal(formatOptional(undefined), "-");
    assert.equal(formatOptional(null), "-");
    assert.equal(formatOptional(""), "-");
});

test("formatSlots prints busy/total, or - unless both are known", () => {
    assert.equal(formatSlots(3, 4), "3/4");
    assert.equal(formatSlots(0, 8), "0/8");
    assert.equal(formatSlots(undefined, 4), "-");
    assert.equal(formatSlots(2, undefined), "-");
    assert.equal(formatSlots(undefined, undefined), "-");
});
