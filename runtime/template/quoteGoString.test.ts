import { test } from "node:test";
import assert from "node:assert/strict";
import { canBackquote, isGoPrintable, quoteGoRune, quoteGoString } from "./quoteGoString.js";

test("quoteGoString escapes like strconv.Quote", () => {
    assert.equal(quoteGoString('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(quoteGoString("\x07\b\f\n\r\t\v\x00\x7f"), '"\\a\\b\\f\\n\\r\\t\\v\\x00\\x7f"');
    // Printable Unicode stays; spaces other than ' ' and separators do not.
    assert.equal(quoteGoString("é 😀\u00a0\u2028\u0085"), '"é 😀\\u00a0\\u2028\\u0085"');
    assert.equal(quoteGoString("é😀", true), '"\\u00e9\\U0001f600"');
});

test("quoteGoRune, canBackquote and isGoPrintable", () => {
    assert.equal(quoteGoRune(97), "'a'");
    assert.equal(quoteGoRune(39), "'\\''");
    assert.equal(quoteGoRune(10), "'\\n'");
    assert.equal(quoteGoRune(0x110000), "'�'");
    assert.equal(canBackquote("plain\ttext"), true);
    assert.equal(canBackquote("back`tick"), false);
    assert.equal(canBackquote("new\nline"), false);
    assert.equal(isGoPrintable(0x20), true);
    assert.equal(isGoPrintable(0x09), false);
    assert.equal(isGoPrintable(0xe9), true);
});
