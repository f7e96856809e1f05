/**
 * @module embedBatchHandler
 * The worker half of the embeddings path: a batch of inputs the control plane gathered (from one
 * request or several) is embedded on the warm model in as few evaluations as fit, and sent back
 * raw in the binary form of {@link encodeEmbeddingBatch}. Not a route: the dispatcher runs it as
 * a task in the worker holding the model.
 */
import * as v from "valibot";
import type { FunctionContext } from "../functions/FunctionContext.js";
import { parseBody } from "../http/parseBody.js";
import { encodeEmbeddingBatch } from "./embeddingBatchCodec.js";

const batchBody = v.object({ items: v.array(v.object({ text: v.string(), truncate: v.boolean() })) });

export async function onRequestPost({ body, model, signal }: FunctionContext): Promise<Response> {
    const { items } = parseBody(batchBody, body);
    const result = items.length > 0 ? await model!.embed(items, signal) : { items: [], evaluations: 0 };
    return new Response(encodeEmbeddingBatch(result, model!.loadDurationNs), { headers: { "content-type": "application/octet-stream" } });
}
