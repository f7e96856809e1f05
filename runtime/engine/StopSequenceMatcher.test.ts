import { test } from "node:test";
import assert from "node:assert/strict";
import { StopSequenceMatcher } from "./StopSequenceMatcher.js";

test("cuts before a stop sequence, also when it arrives in pieces", () => {
    const matcher = new StopSequenceMatcher(["<|im_end|>", "Lily"]);
    assert.deepEqual(matcher.push("Hello <|im"), { text: "Hello ", stopped: false });
    assert.deepEqual(matcher.push("_en"), { text: "", stopped: false });
    assert.deepEqual(matcher.push("d|> tail"), { text: "", stopped: true });
    assert.equal(matcher.stopped, true);
    assert.deepEqual(matcher.push("more"), { text: "", stopped: true });
});

test("releases held text once it cannot be a stop sequence, and at the end", () => {
    const matcher = new StopSequenceMatcher(["STOP"]);
    assert.deepEqual(matcher.push("a ST"), { text: "a ", stopped: false });
    assert.deepEqual(matcher.push("x"), { text: "STx", stopped: false });
    assert.deepEqual(matcher.push("ST"), { text: "", stopped: false });
    assert.equal(matcher.flush(), "ST");
});

test("the earliest stop sequence wins; no stops means pass-through", () => {
    assert.deepEqual(new StopSequenceMatcher(["b", "a"]).push("xaby"), { text: "x", stopped: true });
    assert.deepEqual(new StopSequenceMatcher([""]).push("text"), { text: "text", stopped: false });
});
