import { test } from "node:test";
import assert from "node:assert/strict";
import { quoteModelfileValue } from "./quoteModelfileValue.js";

test("bare when nothing needs quoting", () => {
    assert.equal(quoteModelfileValue("<|im_end|>"), "<|im_end|>");
    assert.equal(quoteModelfileValue("0.7"), "0.7");
});

test('spaces give "…", unless quoteSpaces is off', () => {
    assert.equal(quoteModelfileValue("You are Mario."), '"You are Mario."');
    assert.equal(quoteModelfileValue("./my models/a.gguf", { quoteSpaces: false }), "./my models/a.gguf");
    assert.equal(quoteModelfileValue(""), '""');
});

test('newlines, quotes, edge whitespace and a final backslash give """…"""', () => {
    assert.equal(quoteModelfileValue("a\nb"), '"""a\nb"""');
    assert.equal(quoteModelfileValue('say "hi"'), '"""say "hi""""');
    assert.equal(quoteModelfileValue(" x"), '""" x"""');
    assert.equal(quoteModelfileValue("x\t"), '"""x\t"""');
    assert.equal(quoteModelfileValue("C:\\my dir\\"), '"""C:\\my dir\\"""');
    assert.equal(quoteModelfileValue(" lead", { quoteSpaces: false }), '""" lead"""');
});
