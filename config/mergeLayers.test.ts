import assert from "node:assert/strict";
import { test } from "node:test";
import { mergeLayers } from "./mergeLayers.js";

test("later layers win key by key and tables merge deeply", () => {
    const merged = mergeLayers(
        { server: { host: "a", port: 1, origins: ["x"] }, log: { level: "info" } },
        { server: { port: 2, origins: ["y", "z"] } },
        { server: { host: "c", port: undefined } }
    );
    assert.deepEqual(merged, {
        server: { host: "c", port: 2, origins: ["y", "z"] },
        log: { level: "info" }
    });
});

test("inputs are not mutated and arrays are copied", () => {
    const base = { server: { origins: ["x"] } };
    const merged = mergeLayers(base, { server: { port: 1 } });
    (merged.server as { origins: string[] }).origins.push("y");
    assert.deepEqual(base, { server: { origins: ["x"] } });
});

test('a "__proto__" key stays an ordinary key', () => {
    const layer = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    const merged = mergeLayers(layer);
    assert.deepEqual(Object.keys(merged), ["__proto__"]);
    assert.equal(Object.getPrototypeOf(merged), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
