import { test } from "node:test";
import assert from "node:assert/strict";
import { ModelfileError } from "./ModelfileError.js";
import { KettleError } from "../errors/KettleError.js";

test("message carries the line number", () => {
    const err = new ModelfileError(7, "missing value for FROM");
    assert.equal(err.message, "line 7: missing value for FROM");
    assert.equal(err.line, 7);
    assert.equal(err.reason, "missing value for FROM");
    assert.equal(err.name, "ModelfileError");
    assert.ok(err instanceof KettleError);
    assert.ok(err instanceof Error);
});

test("line 0 means the whole file: message is just the reason", () => {
    const err = new ModelfileError(0, "no FROM line");
    assert.equal(err.message, "no FROM line");
    assert.equal(err.line, 0);
});
