/**
 * @module completionRequest
 * The valibot schema of a legacy `/v1/completions` body (JSON types only; toOllamaGenerateRequest
 * checks the values).
 */
import * as v from "valibot";
import { samplingFields } from "./samplingFields.js";

export const completionRequest = v.looseObject({
    ...samplingFields,
    prompt: v.optional(v.nullable(v.unknown())),
    suffix: v.optional(v.nullable(v.string())),
    echo: v.optional(v.nullable(v.boolean())),
    best_of: v.optional(v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(1)))),
    /** The number of most likely alternatives to return per token; 0 returns only the chosen ones. */
    logprobs: v.optional(v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(20))))
});

export type CompletionRequest = v.InferOutput<typeof completionRequest>;
