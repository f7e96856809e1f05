/**
 * @module samplingFields
 * valibot fields that `/v1/chat/completions` and `/v1/completions` share: the sampling parameters,
 * `n`, streaming, and Kettle's `options` extension (Ollama's options object, for `num_ctx` and the
 * rest). Unknown fields are allowed and ignored, as OpenAI-compatible servers do.
 */
import * as v from "valibot";
import { optionsField } from "../ollama/requestFields.js";

// Finite and safe: 1e999 parses as Infinity, and an integer past 2^53 is not the one that was sent.
const number = v.optional(v.nullable(v.pipe(v.number(), v.finite())));
const integer = v.optional(v.nullable(v.pipe(v.number(), v.safeInteger())));

export const samplingFields = {
    model: v.optional(v.string()),
    temperature: number,
    top_p: number,
    frequency_penalty: number,
    presence_penalty: number,
    seed: integer,
    max_tokens: integer,
    stop: v.optional(v.nullable(v.union([v.string(), v.array(v.string())]))),
    n: v.optional(v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(1)))),
    stream: v.optional(v.nullable(v.boolean())),
    stream_options: v.optional(v.nullable(v.looseObject({ include_usage: v.optional(v.nullable(v.boolean())) }))),
    /** Kettle extension: Ollama's `options` (`num_ctx`, `top_k`, …). */
    options: optionsField
};
