import { test } from "node:test";
import assert from "node:assert/strict";
import {
    deprecatedParameterNames,
    getParameterSpec,
    loadTimeParameters,
    parameterNames,
    parseParameterValue,
    validateParameters
} from "./modelParameters.js";
import { InvalidParameterError } from "./InvalidParameterError.js";
import { BadRequestError } from "../errors/BadRequestError.js";

function rejects(fn: () => unknown, parameter: string, message: string): void {
    assert.throws(fn, (err: unknown) => {
        assert.ok(err instanceof InvalidParameterError);
        assert.ok(err instanceof BadRequestError);
        assert.equal(err.parameter, parameter);
        assert.equal(err.message, message);
        return true;
    });
}

test("the name lists match Ollama's api.Options", () => {
    assert.deepEqual([...parameterNames].sort(), [
        "draft_num_predict",
        "frequency_penalty",
        "main_gpu",
        "min_p",
        "num_batch",
        "num_ctx",
        "num_gpu",
        "num_keep",
        "num_predict",
        "num_thread",
        "presence_penalty",
        "repeat_last_n",
        "repeat_penalty",
        "seed",
        "stop",
        "temperature",
        "top_k",
        "top_p",
        "typical_p",
        "use_mmap"
    ]);
    assert.deepEqual([...deprecatedParameterNames].sort(), [
        "f16_kv",
        "logits_all",
        "low_vram",
        "mirostat",
        "mirostat_eta",
        "mirostat_tau",
        "numa",
        "penalize_newline",
        "tfs_z",
        "use_mlock",
        "vocab_only"
    ]);
    assert.deepEqual([...loadTimeParameters].sort(), [
        "draft_num_predict",
        "main_gpu",
        "num_batch",
        "num_ctx",
        "num_gpu",
        "num_thread",
        "use_mmap"
    ]);
});

test("getParameterSpec knows types and ignores Object.prototype keys", () => {
    assert.deepEqual(getParameterSpec("num_ctx"), { type: "integer", loadTime: true });
    assert.deepEqual(getParameterSpec("temperature"), { type: "float" });
    assert.deepEqual(getParameterSpec("mirostat"), { type: "integer", deprecated: true });
    assert.equal(getParameterSpec("constructor"), undefined);
    assert.equal(getParameterSpec("NUM_CTX"), undefined);
});

test("parseParameterValue: integers", () => {
    assert.equal(parseParameterValue("num_ctx", "4096"), 4096);
    assert.equal(parseParameterValue("seed", "-1"), -1);
    assert.equal(parseParameterValue("top_k", "+40"), 40);
    rejects(() => parseParameterValue("num_ctx", "abc"), "num_ctx", `parameter 'num_ctx' must be an integer but got "abc"`);
    rejects(() => parseParameterValue("num_ctx", "1.5"), "num_ctx", `parameter 'num_ctx' must be an integer but got "1.5"`);
    rejects(() => parseParameterValue("num_ctx", "1e3"), "num_ctx", `parameter 'num_ctx' must be an integer but got "1e3"`);
    rejects(
        () => parseParameterValue("seed", "99999999999999999999"),
        "seed",
        `parameter 'seed' must be an integer but got "99999999999999999999"`
    );
});

test("parseParameterValue: floats", () => {
    assert.equal(parseParameterValue("temperature", "0.7"), 0.7);
    assert.equal(parseParameterValue("temperature", "1"), 1);
    assert.equal(parseParameterValue("min_p", "1e-3"), 0.001);
    assert.equal(parseParameterValue("top_p", ".5"), 0.5);
    assert.equal(parseParameterValue("repeat_penalty", "-1.5E2"), -150);
    rejects(() => parseParameterValue("temperature", "hot"), "temperature", `parameter 'temperature' must be a number but got "hot"`);
    rejects(() => parseParameterValue("temperature", ""), "temperature", `parameter 'temperature' must be a number but got ""`);
    rejects(() => parseParameterValue("top_p", "Infinity"), "top_p", `parameter 'top_p' must be a number but got "Infinity"`);
    rejects(() => parseParameterValue("top_p", "0x10"), "top_p", `parameter 'top_p' must be a number but got "0x10"`);
});

test("parseParameterValue: booleans use Go's strconv.ParseBool spellings", () => {
    for (const raw of ["1", "t", "T", "TRUE", "true", "True"]) assert.equal(parseParameterValue("use_mmap", raw), true, raw);
    for (const raw of ["0", "f", "F", "FALSE", "false", "False"]) assert.equal(parseParameterValue("use_mmap", raw), false, raw);
    rejects(() => parseParameterValue("use_mmap", "yes"), "use_mmap", `parameter 'use_mmap' must be a boolean but got "yes"`);
    rejects(() => parseParameterValue("use_mmap", "tRUE"), "use_mmap", `parameter 'use_mmap' must be a boolean but got "tRUE"`);
});

test("parseParameterValue: stop is kept as text; unknown names are refused", () => {
    assert.equal(parseParameterValue("stop", "<|im_end|>"), "<|im_end|>");
    rejects(() => parseParameterValue("foo", "1"), "foo", "unknown parameter 'foo'");
    rejects(() => parseParameterValue("toString", "1"), "toString", "unknown parameter 'toString'");
});

test("validateParameters accepts well-typed values and normalises stop", () => {
    const result = validateParameters({
        num_ctx: 8192,
        temperature: 0.2,
        top_p: 1,
        use_mmap: false,
        stop: "</s>",
        seed: null
    });
    assert.deepEqual(result, {
        values: { num_ctx: 8192, temperature: 0.2, top_p: 1, use_mmap: false, stop: ["</s>"] },
        warnings: []
    });
    assert.deepEqual(validateParameters({ stop: ["a", "b"] }).values, { stop: ["a", "b"] });
});

test("validateParameters: unknown and deprecated keys are warnings and dropped", () => {
    const result = validateParameters({ foo: 1, mirostat: 2, tfs_z: "x", num_keep: 5 });
    assert.deepEqual(result, {
        values: { num_keep: 5 },
        warnings: [
            `invalid option provided: "foo"`,
            `option "mirostat" is deprecated and ignored`,
            `option "tfs_z" is deprecated and ignored`
        ]
    });
});

test("validateParameters: wrong JSON types give Ollama's messages, with what was sent", () => {
    rejects(() => validateParameters({ num_ctx: "4096" }), "num_ctx", `option "num_ctx" must be of type integer, got string "4096"`);
    rejects(() => validateParameters({ num_ctx: 1.5 }), "num_ctx", `option "num_ctx" must be of type integer, got number 1.5`);
    rejects(
        () => validateParameters({ num_predict: "ten" }),
        "num_predict",
        `option "num_predict" must be of type integer, got string "ten"`
    );
    rejects(() => validateParameters({ seed: 2 ** 60 }), "seed", `option "seed" must be of type integer, got number ${2 ** 60}`);
    rejects(
        () => validateParameters({ temperature: "hot" }),
        "temperature",
        `option "temperature" must be of type float32, got string "hot"`
    );
    rejects(() => validateParameters({ top_p: true }), "top_p", `option "top_p" must be of type float32, got boolean true`);
    rejects(() => validateParameters({ min_p: Infinity }), "min_p", `option "min_p" must be of type float32, got number Infinity`);
    rejects(() => validateParameters({ use_mmap: 1 }), "use_mmap", `option "use_mmap" must be of type boolean, got number 1`);
    rejects(() => validateParameters({ use_mmap: "true" }), "use_mmap", `option "use_mmap" must be of type boolean, got string "true"`);
    rejects(() => validateParameters({ stop: 5 }), "stop", `option "stop" must be a string or an array of strings, got number 5`);
    rejects(() => validateParameters({ stop: { a: 1 } }), "stop", `option "stop" must be a string or an array of strings, got object`);
    rejects(
        () => validateParameters({ stop: ["a", null] }),
        "stop",
        `option "stop" must be a string or an array of strings (item 1), got null`
    );
    rejects(() => validateParameters({ num_keep: [] }), "num_keep", `option "num_keep" must be of type integer, got array`);
    const long = "x".repeat(500);
    assert.throws(
        () => validateParameters({ temperature: long }),
        (err: Error) => err.message.length < 120
    );
});

test("validateParameters: unknown keys are ignored whatever their type; deprecated ones are not type-checked", () => {
    assert.deepEqual(validateParameters({ temperatur: "hot", mirostat: "x", constructor: {} }).values, {});
});
