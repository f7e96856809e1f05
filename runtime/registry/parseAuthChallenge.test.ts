import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAuthChallenge } from "./parseAuthChallenge.js";

test("a Bearer challenge with quoted parameters, as distribution sends it", () => {
    assert.deepEqual(
        parseAuthChallenge('Bearer realm="http://127.0.0.1:5001/token",service="kettle-test",scope="repository:a/b:pull,push"'),
        { scheme: "bearer", params: { realm: "http://127.0.0.1:5001/token", service: "kettle-test", scope: "repository:a/b:pull,push" } }
    );
});

test("spaces, unquoted values, escaped quotes and several scopes", () => {
    assert.deepEqual(
        parseAuthChallenge('Bearer realm = "https://a/t", Service=reg, scope="repository:x:pull repository:y:pull", error="a\\"b"'),
        {
            scheme: "bearer",
            params: { realm: "https://a/t", service: "reg", scope: "repository:x:pull repository:y:pull", error: 'a"b' }
        }
    );
});

test("Basic, and headers that are not a challenge", () => {
    assert.deepEqual(parseAuthChallenge('Basic realm="Registry Realm"'), { scheme: "basic", params: { realm: "Registry Realm" } });
    assert.equal(parseAuthChallenge(""), undefined);
    assert.equal(parseAuthChallenge('="x"'), undefined);
});
