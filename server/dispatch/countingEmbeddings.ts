/**
 * @module countingEmbeddings
 * The embeddings service as one request's control-plane handler sees it: the same service, whose
 * answers also report their prompt tokens to that request's usage sink (its access line, the metrics).
 */
import type { ControlPlaneServices } from "../../runtime/functions/FunctionContext.js";
import type { UsageSink } from "../../runtime/metrics/ModelUsage.js";

type Embeddings = ControlPlaneServices["embeddings"];

export function countingEmbeddings(embeddings: Embeddings, usage: UsageSink): Embeddings {
    return {
        stats: () => embeddings.stats(),
        embed: async (request, signal) => {
            const outcome = await embeddings.embed(request, signal);
            usage({ model: request.model, promptTokens: outcome.promptEvalCount, generatedTokens: 0 });
            return outcome;
        }
    };
}
