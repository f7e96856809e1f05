import { test } from "node:test";
import assert from "node:assert/strict";
import { JsonMarshalError, marshalJson, marshalJsonString } from "./marshalJson.js";

test("compact output in insertion order, like Ollama's ordered maps", () => {
    assert.equal(marshalJson({ b: 1, a: [true, null, "x"], c: { d: 1.5 } }), '{"b":1,"a":[true,null,"x"],"c":{"d":1.5}}');
    assert.equal(marshalJson([]), "[]");
    assert.equal(marshalJson({}), "{}");
    assert.equal(marshalJson(null), "null");
    assert.equal(marshalJson(undefined), "null");
});

test("strings are escaped HTML-safe, as encoding/json does by default", () => {
    assert.equal(marshalJsonString('<a href="x">&\'</a>'), '"\\u003ca href=\\"x\\"\\u003e\\u0026\'\\u003c/a\\u003e"');
    assert.equal(marshalJsonString("\b\f\n\r\t\u0001\u001f\u007f\\"), '"\\b\\f\\n\\r\\t\\u0001\\u001f\u007f\\\\"');
    assert.equal(marshalJsonString("\u2028\u2029 é 😀"), '"\\u2028\\u2029 é 😀"');
    assert.equal(marshalJsonString("bad \ud800 half"), '"bad \\ufffd half"');
});

test("numbers use Go's float64 encoding", () => {
    assert.equal(
        marshalJson([0, -3, 0.1, 1e20, 1e21, 1e-6, 1e-7, 1.5e-10, 12345678901234567890n]),
        "[0,-3,0.1,100000000000000000000,1e+21,0.000001,1e-7,1.5e-10,12345678901234567890]"
    );
    assert.throws(() => marshalJson(NaN), JsonMarshalError);
    assert.throws(() => marshalJson({ x: Infinity }), { message: "json: unsupported value: Infinity" });
});

test("methods and undefined fields are left out; toJSON is honoured; cycles fail", () => {
    class Point {
        constructor(
            readonly x: number,
            readonly y: number
        ) {}
        norm(): number {
            return Math.hypot(this.x, this.y);
        }
    }
    assert.equal(marshalJson({ a: 1, skip: undefined, fn: () => 1, p: new Point(3, 4) }), '{"a":1,"p":{"x":3,"y":4}}');
    assert.equal(marshalJson([undefined, () => 1]), "[null,null]");
    assert.equal(marshalJson({ when: { toJSON: () => ({ renamed: true }) } }), '{"when":{"renamed":true}}');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    assert.throws(() => marshalJson(cycle), JsonMarshalError);
    assert.throws(() => marshalJson(() => 1), JsonMarshalError);
    // A shared (not cyclic) object is fine.
    const shared = { n: 1 };
    assert.equal(marshalJson([shared, shared]), '[{"n":1},{"n":1}]');
});
