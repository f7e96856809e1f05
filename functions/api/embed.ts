/**
 * @module functions/api/embed
 * `POST /api/embed`: L2-normalised embeddings for a string or a list of strings, with `truncate`
 * (default true) and `dimensions`. An empty input only loads the model. Any model embeds: one with
 * a pooling type pools its tokens, one without gives its last token's output (as Ollama does).
 * Runs on the control plane, where the embeddings cache and micro-batches are.
 */
import * as v from "valibot";
import type { FunctionContext } from "../../runtime/functions/FunctionContext.js";
import type { ModelBinding, RunsOn } from "../../runtime/functions/types.js";
import { BadRequestError } from "../../runtime/errors/BadRequestError.js";
import { embedderFor } from "../../runtime/embeddings/embedderFor.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";
import { parseBody } from "../../runtime/http/parseBody.js";
import { keepAliveField, optionsField } from "../../runtime/ollama/requestFields.js";

const embedRequest = v.looseObject({
    model: v.optional(v.string()),
    input: v.optional(v.nullable(v.unknown())),
    truncate: v.optional(v.nullable(v.boolean())),
    dimensions: v.optional(v.nullable(v.pipe(v.number(), v.safeInteger()))),
    options: optionsField,
    keep_alive: keepAliveField
});

export const runsOn: RunsOn = "control-plane";

export const model: ModelBinding = (body) => {
    const request = parseBody(embedRequest, body);
    if (!request.model) throw new BadRequestError("model is required");
    return { name: request.model, ...(request.options ? { options: request.options } : {}), keepAlive: request.keep_alive };
};

export async function onRequestPost(ctx: FunctionContext): Promise<Response> {
    const started = process.hrtime.bigint();
    const request = parseBody(embedRequest, ctx.body);
    if (!request.model) throw new BadRequestError("model is required");
    const inputs = inputList(request.input);
    const outcome = await embedderFor(ctx).embed(
        {
            model: request.model,
            inputs,
            truncate: request.truncate ?? true,
            dimensions: request.dimensions ?? undefined,
            normalize: true,
            options: request.options ?? undefined,
            keepAlive: request.keep_alive
        },
        ctx.signal
    );
    if (inputs.length === 0) return jsonResponse({ model: request.model, embeddings: [] });
    // In a worker the load happened before the handler started; on the control plane it is inside.
    const elapsed = Number(process.hrtime.bigint() - started);
    return jsonResponse({
        model: request.model,
        embeddings: outcome.embeddings,
        total_duration: ctx.services ? elapsed : elapsed + outcome.loadDurationNs,
        load_duration: outcome.loadDurationNs,
        prompt_eval_count: outcome.promptEvalCount
    });
}

/** `input` is a string or a list of strings; anything else is Ollama's `invalid input type`. */
function inputList(input: unknown): string[] {
    if (input === undefined || input === null || input === "") return [];
    if (typeof input === "string") return [input];
    if (Array.isArray(input) && input.every((item) => typeof item === "string")) return input as string[];
    throw new BadRequestError("invalid input type: input must be a string or a list of strings");
}
