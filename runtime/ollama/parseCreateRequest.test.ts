import { test } from "node:test";
import assert from "node:assert/strict";
import { BadRequestError } from "../errors/BadRequestError.js";
import { parseCreateRequest } from "./parseCreateRequest.js";

function rejects(body: unknown, message: string): void {
    assert.throws(
        () => parseCreateRequest(body),
        (error: unknown) => error instanceof BadRequestError && error.message === message,
        JSON.stringify(body)
    );
}

test("a model that is not a string is a 400 naming the field, whatever it is", () => {
    rejects({ model: 3.5, from: "m" }, "model: expected string but got 3.5");
    rejects({ model: true, from: "m" }, "model: expected string but got true");
    rejects({ model: {}, from: "m" }, "model: expected string but got Object");
    rejects({ model: [1, "a", null], from: "m" }, "model: expected string but got Array");
    rejects({ model: -1e308, from: "m" }, "model: expected string but got -1e+308");
    rejects({ name: 1, from: "m" }, "name: expected string but got 1");
});

test("a missing or null model is 'model is required'", () => {
    rejects({ from: "m" }, "model is required");
    rejects({ model: null, from: "m" }, "model is required");
    rejects({ model: "", from: "m" }, "model is required");
});

test("every other field has its type checked", () => {
    rejects({ model: "m", from: ["x"] }, "from: expected string but got Array");
    rejects({ model: "m", files: "model.gguf" }, 'files: expected Object but got "model.gguf"');
    rejects({ model: "m", adapters: { "a.gguf": null } }, "adapters.a.gguf: expected string but got null");
    rejects({ model: "m", from: "x", license: [1] }, "license: expected (string | Array) but got Array");
    rejects({ model: "m", from: "x", messages: [{ role: "user" }] }, "messages.0.content: required but missing");
    rejects({ model: "m", from: "x", parameters: { num_ctx: "big" } }, `option "num_ctx" must be of type integer, got string "big"`);
    rejects({ model: "m", from: "x", quantize: 4 }, "quantize: expected string but got 4");
});

test("nulls are unset fields; old spellings are read; stream defaults to true", () => {
    assert.deepEqual(parseCreateRequest({ name: "m", from: "x", template: null, system: "s", quantization: "q8_0" }), {
        model: "m",
        from: "x",
        system: "s",
        quantize: "q8_0",
        stream: true
    });
    assert.equal(parseCreateRequest({ model: "m", from: "x", stream: false }).stream, false);
});
