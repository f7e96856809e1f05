/**
 * @module functions/api/rerank
 * `POST /api/rerank` (and `/v1/rerank`, the same body; Ollama has neither, llama-server and Jina
 * answer this shape): `{model, query, documents (strings, or objects with "text"), top_n,
 * return_documents}` → `{model, object: "list", results: [{index, relevance_score, document?}],
 * usage}`, best first. Runs on a reranker (a GGUF with rank pooling) in the worker holding it warm;
 * the documents are scored together, in as few evaluations as fit, each as if scored alone.
 */
import * as v from "valibot";
import { BadRequestError } from "../../runtime/errors/BadRequestError.js";
import { modelBound } from "../../runtime/functions/modelBound.js";
import type { ModelBinding, ModelRequirement } from "../../runtime/functions/types.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";
import { parseBody } from "../../runtime/http/parseBody.js";
import { keepAliveField, optionsField } from "../../runtime/ollama/requestFields.js";

const rerankRequest = v.looseObject({
    model: v.optional(v.string()),
    query: v.optional(v.string()),
    documents: v.optional(v.array(v.union([v.string(), v.looseObject({ text: v.string() })], "a string or an object with a text string"))),
    top_n: v.optional(v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(1)))),
    return_documents: v.optional(v.nullable(v.boolean())),
    truncate: v.optional(v.nullable(v.boolean())),
    options: optionsField,
    keep_alive: keepAliveField
});

function parseRerankRequest(body: unknown) {
    const request = parseBody(rerankRequest, body);
    if (!request.model) throw new BadRequestError("model is required", { param: "model" });
    if (request.query === undefined) throw new BadRequestError("query is required", { param: "query" });
    if (!request.documents?.length) throw new BadRequestError("documents must be a non-empty list", { param: "documents" });
    return { ...request, model: request.model, query: request.query, documents: request.documents };
}

export const requires: ModelRequirement = { capability: "rerank", action: "rerank" };

export const model: ModelBinding = (body) => {
    const request = parseRerankRequest(body);
    return { name: request.model, ...(request.options ? { options: request.options } : {}), keepAlive: request.keep_alive };
};

export const onRequestPost = modelBound(async ({ body, model: warm, signal }): Promise<Response> => {
    const request = parseRerankRequest(body);
    const texts = request.documents.map((document) => (typeof document === "string" ? document : document.text));
    const ranked = await warm.rank(request.query, texts, request.truncate ?? true, signal);
    const results = ranked.scores
        .map((relevance_score, index) => ({
            index,
            relevance_score,
            ...(request.return_documents ? { document: { text: texts[index] } } : {})
        }))
        .sort((a, b) => b.relevance_score - a.relevance_score || a.index - b.index)
        .slice(0, request.top_n ?? texts.length);
    return jsonResponse({
        model: request.model,
        object: "list",
        results,
        usage: { prompt_tokens: ranked.tokens, total_tokens: ranked.tokens }
    });
});
