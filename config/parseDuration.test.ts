import assert from "node:assert/strict";
import { test } from "node:test";
import { DurationError } from "./DurationError.js";
import { parseDuration } from "./parseDuration.js";

const valid: Array<[unknown, number]> = [
    ["5m", 300_000],
    ["1h30m", 5_400_000],
    ["1.5h", 5_400_000],
    ["300ms", 300],
    ["1m30.5s", 90_500],
    [".5s", 500],
    ["+2s", 2000],
    ["1500us", 1.5],
    ["1500µs", 1.5],
    ["2000000ns", 2],
    [3600, 3_600_000],
    [1.5, 1500],
    [-1, Infinity],
    ["-1m", Infinity],
    ["-1h30m", Infinity],
    ["0", 0],
    ["-0", 0],
    ["0s", 0],
    [0, 0]
];

for (const [input, expected] of valid) {
    test(`parseDuration(${JSON.stringify(input)}) is ${expected} ms`, () => {
        assert.equal(parseDuration(input), expected);
    });
}

const invalid: Array<[unknown, string]> = [
    ["5x", '"5x"'],
    ["", '""'],
    ["abc", '"abc"'],
    ["3600", '"3600"'],
    ["5", '"5"'],
    [".s", '".s"'],
    ["1h 30m", '"1h 30m"'],
    ["5mx", '"5mx"'],
    ["-", '"-"'],
    ["99999999999h", '"99999999999h"'],
    [true, "true"],
    [{}, "{}"],
    [null, "null"],
    [Number.NaN, "NaN"]
];

for (const [input, shown] of invalid) {
    test(`parseDuration(${shown}) throws DurationError`, () => {
        assert.throws(
            () => parseDuration(input),
            (error: unknown) => {
                assert.ok(error instanceof DurationError);
                assert.equal(
                    error.message,
                    `invalid duration ${shown}: expected a number of seconds or a duration string ` + 'like "5m", "1h30m", "-1m"'
                );
                assert.equal(error.value, input);
                return true;
            }
        );
    });
}

test("allowBareSeconds accepts bare integer strings as seconds", () => {
    assert.equal(parseDuration("3600", { allowBareSeconds: true }), 3_600_000);
    assert.equal(parseDuration("-1", { allowBareSeconds: true }), Infinity);
    assert.equal(parseDuration("0", { allowBareSeconds: true }), 0);
    assert.equal(parseDuration("10m", { allowBareSeconds: true }), 600_000);
});

test("allowBareSeconds still rejects fractional bare strings, with its own hint", () => {
    assert.throws(() => parseDuration("1.5", { allowBareSeconds: true }), {
        name: "DurationError",
        message: 'invalid duration "1.5": expected a whole number of seconds or a duration like ' + '"5m", "1h30m", "-1m"'
    });
});
