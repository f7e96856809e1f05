import { test } from "node:test";
import assert from "node:assert/strict";
import { jsonNestingDepth } from "./jsonNestingDepth.js";

test("counts how deeply arrays and objects nest, whatever is inside strings", () => {
    assert.equal(jsonNestingDepth(`"x"`), 0);
    assert.equal(jsonNestingDepth(`{}`), 1);
    assert.equal(jsonNestingDepth(`{"a":[1,{"b":[]}],"c":{}}`), 4);
    assert.equal(jsonNestingDepth(`{"a":"[[[[{{{{"}`), 1);
    assert.equal(jsonNestingDepth(`{"a":"\\"[[[[\\\\","b":[]}`), 2);
    assert.equal(jsonNestingDepth("[".repeat(20_000)), 20_000);
});
