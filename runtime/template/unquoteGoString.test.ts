import { test } from "node:test";
import assert from "node:assert/strict";
import { unquoteGoChar, unquoteGoString, UnquoteError } from "./unquoteGoString.js";

test("interpreted strings decode Go escapes, bytes included", () => {
    assert.equal(unquoteGoString('"plain"'), "plain");
    assert.equal(unquoteGoString('"a\\tb\\n\\\\\\""'), 'a\tb\n\\"');
    assert.equal(unquoteGoString('"\\a\\b\\f\\r\\v"'), "\x07\b\f\r\v");
    assert.equal(unquoteGoString('"\\x41\\101\\u00e9\\U0001F600"'), "AAé😀");
    // \x escapes are bytes: two of them make one UTF-8 character.
    assert.equal(unquoteGoString('"\\xc3\\xa9"'), "é");
});

test("raw strings are taken as is, minus carriage returns", () => {
    assert.equal(unquoteGoString("`a\\nb`"), "a\\nb");
    assert.equal(unquoteGoString("`line\r\nnext`"), "line\nnext");
});

test("malformed literals are invalid syntax", () => {
    for (const literal of ['"\\q"', '"\\\'"', '"abc', '"\\400"', '"\\x4"', '"\\ud800"', "`a`b`"]) {
        assert.throws(() => unquoteGoString(literal), UnquoteError, literal);
    }
    assert.throws(() => unquoteGoString('"a'), { message: "invalid syntax" });
});

test("character constants", () => {
    assert.equal(unquoteGoChar("'a'"), 97);
    assert.equal(unquoteGoChar("'\\n'"), 10);
    assert.equal(unquoteGoChar("'\\x41'"), 65);
    assert.equal(unquoteGoChar("'\\377'"), 255);
    assert.equal(unquoteGoChar("'é'"), 233);
    assert.equal(unquoteGoChar("'\\''"), 39);
    assert.equal(unquoteGoChar("'😀'"), 0x1f600);
    for (const literal of ["'ab'", "''", "'\\\"'"]) assert.throws(() => unquoteGoChar(literal), UnquoteError, literal);
});
