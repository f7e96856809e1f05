/**
 * @module warmModelEmbedder
 * The embeddings path inside a worker, for a function calling `ctx.models.embed` on the very model
 * it runs beside (asking the control plane would wait for a slot the function itself holds): the
 * inputs are embedded together on the warm model, without the control plane's cache.
 */
import type { WarmModel } from "../engine/types.js";
import type { EmbedOutcome, EmbedRequest, Embedder } from "./Embedder.js";
import { shapeEmbedding } from "./shapeEmbedding.js";

export function warmModelEmbedder(model: WarmModel): Embedder {
    return {
        async embed(request: EmbedRequest, signal: AbortSignal): Promise<EmbedOutcome> {
            const items = request.inputs.map((text) => ({ text, truncate: request.truncate }));
            const result = items.length > 0 ? await model.embed(items, signal) : { items: [], evaluations: 0 };
            let promptEvalCount = 0;
            const embeddings = result.items.map((item) => {
                if ("error" in item) throw item.error;
                promptEvalCount += item.tokens;
                return shapeEmbedding(item.vector, request);
            });
            return { embeddings, promptEvalCount, loadDurationNs: model.loadDurationNs };
        }
    };
}
