/**
 * @module requestFields
 * valibot pieces shared by Ollama's request bodies. Unknown fields are allowed everywhere (clients
 * send extras, and Ollama ignores them); known fields must have their JSON type.
 */
import * as v from "valibot";
import { InvalidParameterError } from "../modelfile/InvalidParameterError.js";
import { validateParameters } from "../modelfile/modelParameters.js";

/**
 * `options`: an object whose known keys have their parameter's JSON type (validateParameters, with
 * Ollama's messages). Unknown keys are ignored, as Ollama logs and ignores them; the object is
 * passed on as sent, so later steps still see the request's own values.
 */
export const optionsField = v.optional(
    v.nullable(
        v.pipe(
            v.record(v.string(), v.unknown()),
            v.rawCheck(({ dataset, addIssue }) => {
                if (!dataset.typed) return;
                try {
                    validateParameters(dataset.value);
                } catch (error) {
                    if (!(error instanceof InvalidParameterError)) throw error;
                    addIssue({ message: error.message });
                }
            })
        )
    )
);

/** `keep_alive`: a number of seconds or a duration string; parsed by the control plane. */
export const keepAliveField = v.optional(v.nullable(v.union([v.number(), v.string()])));

/** `format`: `"json"`, `""` (none) or a JSON schema object. */
export const formatField = v.optional(v.nullable(v.union([v.string(), v.record(v.string(), v.unknown())])));

/** `think`: a boolean or a level. */
export const thinkField = v.optional(v.nullable(v.union([v.boolean(), v.picklist(["low", "medium", "high", "max"])])));

export const imagesField = v.optional(v.nullable(v.array(v.string())));

/** The format a generation should be constrained to, or undefined for free text. */
export function normalizeFormat(format: string | Record<string, unknown> | null | undefined): "json" | Record<string, unknown> | undefined {
    if (format === undefined || format === null || format === "") return undefined;
    if (typeof format === "string") return format === "json" ? "json" : undefined;
    return format;
}

const functionName = v.pipe(v.string(), v.nonEmpty("a function name must not be empty"));

/** `tools`: functions the model may call, each with a JSON schema for its arguments. */
export const toolsField = v.optional(
    v.nullable(
        v.array(
            v.looseObject({
                type: v.optional(v.literal("function", 'tool type must be "function"'), "function"),
                function: v.looseObject({
                    name: functionName,
                    description: v.optional(v.nullable(v.string())),
                    parameters: v.optional(v.nullable(v.record(v.string(), v.unknown())))
                })
            })
        )
    )
);

/** An assistant message's `tool_calls`: arguments are an object (Ollama's), never a JSON string. */
export const toolCallsField = v.optional(
    v.nullable(
        v.array(
            v.looseObject({
                id: v.optional(v.nullable(v.string())),
                function: v.looseObject({
                    index: v.optional(v.nullable(v.number())),
                    name: functionName,
                    arguments: v.optional(v.nullable(v.record(v.string(), v.unknown())))
                })
            })
        )
    )
);

/** Kettle's extension of Ollama's chat (OpenAI's `tool_choice`): "auto", "none", "required" or a function to call. */
export const toolChoiceField = v.optional(
    v.nullable(
        v.union([
            v.picklist(["auto", "none", "required"]),
            v.looseObject({ type: v.optional(v.literal("function")), function: v.looseObject({ name: functionName }) })
        ])
    )
);

export const logprobsField = v.optional(v.nullable(v.boolean()));

/** `top_logprobs`: 0 to 20 alternatives per token (Ollama's bounds and message). */
export const topLogprobsField = v.optional(
    v.nullable(
        v.pipe(
            v.number(),
            v.check((n) => Number.isInteger(n) && n >= 0 && n <= 20, "top_logprobs must be between 0 and 20")
        )
    )
);
