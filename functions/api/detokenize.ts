/**
 * @module functions/api/detokenize
 * `POST /api/detokenize {model, tokens}` → `{model, content}` (llama-server's `/detokenize`): the
 * text of token ids, special tokens written out. An id outside the vocabulary is a 400. Runs on the
 * control plane on the model's vocabulary: no weights are loaded.
 */
import * as v from "valibot";
import type { Token } from "node-llama-cpp";
import { BadRequestError } from "../../runtime/errors/BadRequestError.js";
import { controlPlane } from "../../runtime/functions/controlPlane.js";
import type { ModelBinding, RunsOn } from "../../runtime/functions/types.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";
import { parseBody } from "../../runtime/http/parseBody.js";

const detokenizeRequest = v.looseObject({
    model: v.optional(v.string()),
    tokens: v.optional(v.array(v.pipe(v.number(), v.integer())))
});

export const runsOn: RunsOn = "control-plane";

function parseDetokenizeRequest(body: unknown) {
    const request = parseBody(detokenizeRequest, body);
    if (!request.model) throw new BadRequestError("model is required", { param: "model" });
    if (!request.tokens) throw new BadRequestError("tokens is required", { param: "tokens" });
    return { model: request.model, tokens: request.tokens };
}

/** Names the model (the body is read and parsed once, before the handler runs). */
export const model: ModelBinding = (body) => ({ name: parseDetokenizeRequest(body).model });

export const onRequestPost = controlPlane(async ({ body, services }): Promise<Response> => {
    const request = parseDetokenizeRequest(body);
    const { definition, model: vocabulary } = await services.vocabulary(request.model);
    const size = definition.shape.vocabSize;
    const outside = request.tokens.findIndex((token) => token < 0 || token >= size);
    if (outside >= 0) {
        throw new BadRequestError(
            `tokens[${outside}]: ${request.tokens[outside]} is not a token of this model (its vocabulary has ${size})`,
            {
                param: `tokens[${outside}]`
            }
        );
    }
    return jsonResponse({ model: request.model, content: vocabulary.detokenize(request.tokens as Token[], true) });
});
