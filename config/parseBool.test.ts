import assert from "node:assert/strict";
import { test } from "node:test";
import { parseBool } from "./parseBool.js";

test("parseBool accepts Go's strconv.ParseBool spellings", () => {
    for (const text of ["1", "t", "T", "TRUE", "true", "True"]) assert.equal(parseBool(text), true);
    for (const text of ["0", "f", "F", "FALSE", "false", "False"]) assert.equal(parseBool(text), false);
});

test("parseBool rejects everything else", () => {
    for (const text of ["", "yes", "no", "tRUE", "2", "on", " true"]) {
        assert.equal(parseBool(text), undefined, text);
    }
});
