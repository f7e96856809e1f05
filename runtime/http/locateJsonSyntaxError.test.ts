import { test } from "node:test";
import assert from "node:assert/strict";
import { locateJsonSyntaxError } from "./locateJsonSyntaxError.js";

test("valid JSON has no error", () => {
    for (const text of ['{"a":[1,-2.5e+3,true,false,null,"x\\n\\u00e9"]}', " 0 ", "[]", "{}", '"s"', "[[[]]]", '{"a":{"b":[{}]}}\n']) {
        assert.equal(locateJsonSyntaxError(text), undefined, text);
        JSON.parse(text);
    }
});

test("errors are located and worded as Go's encoding/json words them", () => {
    const cases: [string, number, string][] = [
        ["x", 0, "invalid character 'x' looking for beginning of value"],
        ['{"model":x}', 9, "invalid character 'x' looking for beginning of value"],
        ['{"a":1,}', 7, "invalid character '}' looking for beginning of object key string"],
        ["{'a':1}", 1, "invalid character '\\'' looking for beginning of object key string"],
        ["[1,]", 3, "invalid character ']' looking for beginning of value"],
        ['{"a" 1}', 5, "invalid character '1' after object key"],
        ['{"a":1 "b":2}', 7, "invalid character '\"' after object key:value pair"],
        ["[1 2]", 3, "invalid character '2' after array element"],
        ["{} {}", 3, "invalid character '{' after top-level value"],
        ["01", 1, "invalid character '1' after top-level value"],
        ["-a", 1, "invalid character 'a' in numeric literal"],
        ["1.a", 2, "invalid character 'a' after decimal point in numeric literal"],
        ["1ea", 2, "invalid character 'a' in exponent of numeric literal"],
        ["trux", 3, "invalid character 'x' in literal true (expecting 'e')"],
        ["nul", 3, "unexpected end of JSON input"],
        ['"a\\x"', 3, "invalid character 'x' in string escape code"],
        ['"\\u12G4"', 5, "invalid character 'G' in \\u hexadecimal character escape"],
        ['"a\nb"', 2, "invalid character '\\n' in string literal"],
        ['{"a":', 5, "unexpected end of JSON input"],
        ['{"model":"llama', 15, "unexpected end of JSON input"],
        ["[".repeat(100000), 100000, "unexpected end of JSON input"]
    ];
    for (const [text, offset, reason] of cases) {
        const error = locateJsonSyntaxError(text);
        assert.deepEqual(error && { offset: error.offset, reason: error.reason }, { offset, reason }, text.slice(0, 20));
        assert.throws(() => JSON.parse(text), SyntaxError);
    }
});

test("line and column are 1-based and count from the last newline", () => {
    assert.deepEqual(locateJsonSyntaxError('{\n  "a": 1,\n  "b": x\n}'), {
        offset: 19,
        line: 3,
        column: 8,
        reason: "invalid character 'x' looking for beginning of value"
    });
});
