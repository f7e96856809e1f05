import assert from "node:assert/strict";
import { test } from "node:test";
import { ApiKeys } from "./ApiKeys.js";

test("keys are named by what precedes their first colon, or by their place; a match answers the name", () => {
    const keys = new ApiKeys(["alice:sk-a", "sk-b", "ci:sk:with:colons", ":sk-c"]);
    assert.equal(keys.required, true);
    assert.equal(keys.match("sk-a"), "alice");
    assert.equal(keys.match("sk-b"), "key-2");
    assert.equal(keys.match("sk:with:colons"), "ci");
    assert.equal(keys.match(":sk-c"), "key-4", "an empty name is no name: the entry is the secret");
    assert.equal(keys.match("alice:sk-a"), undefined, "the name is not part of the secret");
    assert.equal(keys.match(""), undefined);
    assert.equal(new ApiKeys([]).required, false);
});
