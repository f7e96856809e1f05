import { test } from "node:test";
import assert from "node:assert/strict";
import { NumberSyntaxError, parseGoNumber } from "./parseGoNumber.js";

test("integers in every Go base, with signs and underscores", () => {
    const cases: [string, number][] = [
        ["0", 0],
        ["42", 42],
        ["-7", -7],
        ["+3", 3],
        ["0x1F", 31],
        ["0X_ff", 255],
        ["0o17", 15],
        ["017", 15],
        ["0b101", 5],
        ["1_000_000", 1000000]
    ];
    for (const [text, value] of cases) assert.equal(parseGoNumber(text), value, text);
});

test("floats, decimal and hexadecimal", () => {
    const cases: [string, number][] = [
        ["1.5", 1.5],
        [".5", 0.5],
        ["1.", 1],
        ["1e3", 1000],
        ["-2.5E-3", -0.0025],
        ["0x1p-2", 0.25],
        ["0x1.8p1", 3]
    ];
    for (const [text, value] of cases) assert.equal(parseGoNumber(text), value, text);
});

test("errors use Go's wording", () => {
    const message = (text: string): string => {
        try {
            parseGoNumber(text);
        } catch (err) {
            assert.ok(err instanceof NumberSyntaxError);
            return err.message;
        }
        assert.fail(text);
    };
    assert.equal(message("."), 'illegal number syntax: "."');
    assert.equal(message("-"), 'illegal number syntax: "-"');
    assert.equal(message("089"), 'integer overflow: "089"');
    assert.equal(message("99999999999999999999"), 'integer overflow: "99999999999999999999"');
    assert.equal(message("1i"), 'complex constants are not supported: "1i"');
});
