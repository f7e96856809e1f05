import { test } from "node:test";
import assert from "node:assert/strict";
import { samplingOptionsFor } from "./samplingOptionsFor.js";

test("request options override Modelfile parameters key by key; load-time and unknown keys are dropped", () => {
    const definition = { parameters: { temperature: 0.2, top_k: 10, num_ctx: 4096, stop: ["<|end|>", "User:"], seed: 7 } };
    const options = samplingOptionsFor(definition, { temperature: 0, num_predict: 5, num_batch: 8, bogus: 1, seed: null });
    assert.deepEqual(options, { temperature: 0, top_k: 10, seed: 7, num_predict: 5, stop: ["<|end|>", "User:"] });
});

test("stop comes from either side as a list; the request's replaces the Modelfile's", () => {
    assert.deepEqual(samplingOptionsFor({ parameters: { stop: ["a"] } }, { stop: "b" }).stop, ["b"]);
    assert.deepEqual(samplingOptionsFor({ parameters: { stop: "x" } }, undefined).stop, ["x"]);
    assert.deepEqual(samplingOptionsFor({ parameters: {} }, { stop: ["", "y"] }).stop, ["y"]);
    assert.equal(samplingOptionsFor({ parameters: {} }, {}).stop, undefined);
});
