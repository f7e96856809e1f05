import { test } from "node:test";
import assert from "node:assert/strict";
import { closeJsonPrefix } from "./closeJsonPrefix.js";

test("every prefix of valid JSON closes into valid JSON", () => {
    const texts = [
        '{ "name" : "Li\\"ly\\u00e9 \\\\" , "age": -12.5e+3, "ok": true, "no": false, "n": null, "tags": [ "a", [1, {"x": []}], {} ] }',
        '{"a":{"b":{"c":[true,false,null,0,-0.1E-2]}}}'
    ];
    for (const text of texts) {
        for (let end = 1; end <= text.length; end++) {
            const closed = closeJsonPrefix(text.slice(0, end));
            assert.doesNotThrow(() => JSON.parse(closed), `${text.slice(0, end)} → ${closed}`);
        }
    }
    assert.deepEqual(JSON.parse(closeJsonPrefix('{ "a": [1, "tw')), { a: [1, "tw"] });
    assert.deepEqual(JSON.parse(closeJsonPrefix('{ "a": 1, "ke')), { a: 1, ke: null });
});

test("a text that is not the beginning of JSON stays invalid", () => {
    // The tests rely on this: a lenient closer would let output that is not JSON pass.
    for (const text of ['{ "a" 1', '{ , "a": 1', ", there was a little girl", '{"a": tx', "[1 2", '{"a":1}}', '{"a": 01', "Once"]) {
        assert.throws(() => JSON.parse(closeJsonPrefix(text)), SyntaxError, text);
    }
});
