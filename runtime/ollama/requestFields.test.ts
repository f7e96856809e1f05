import { test } from "node:test";
import assert from "node:assert/strict";
import * as v from "valibot";
import { BadRequestError } from "../errors/BadRequestError.js";
import { parseBody } from "../http/parseBody.js";
import { optionsField } from "./requestFields.js";

const schema = v.looseObject({ options: optionsField });

function rejects(options: unknown, message: string): void {
    assert.throws(
        () => parseBody(schema, { options }),
        (error: unknown) => error instanceof BadRequestError && error.message === message && error.param === "options"
    );
}

test("optionsField refuses known options of the wrong type with Ollama's message and what was sent", () => {
    rejects({ temperature: "hot" }, `option "temperature" must be of type float32, got string "hot"`);
    rejects({ num_predict: "ten" }, `option "num_predict" must be of type integer, got string "ten"`);
    rejects({ num_predict: 2.5 }, `option "num_predict" must be of type integer, got number 2.5`);
    rejects({ use_mmap: 0 }, `option "use_mmap" must be of type boolean, got number 0`);
    rejects({ stop: false }, `option "stop" must be a string or an array of strings, got boolean false`);
    rejects("hot", 'options: expected Object but got "hot"');
});

test("optionsField passes the object on as sent: unknown keys, nulls and deprecated keys are left to later steps", () => {
    const options = { temperature: 0.5, stop: "x", seed: null, bogus: "anything", mirostat: "x" };
    assert.deepEqual(parseBody(schema, { options }).options, options);
    assert.equal(parseBody(schema, { options: null }).options, null);
    assert.equal(parseBody(schema, {}).options, undefined);
});
