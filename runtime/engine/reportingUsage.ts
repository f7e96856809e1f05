/**
 * @module reportingUsage
 * A generation passed through unchanged, whose usage is reported once it ends normally: what its
 * response says (`prompt_eval_count`, `eval_count`) is what the metrics count.
 */
import type { UsageSink } from "../metrics/ModelUsage.js";
import type { GenerationChunk, GenerationStats } from "./types.js";

export async function* reportingUsage(
    generation: AsyncGenerator<GenerationChunk, GenerationStats>,
    model: string,
    onUsage: UsageSink
): AsyncGenerator<GenerationChunk, GenerationStats> {
    const stats = yield* generation;
    onUsage({
        model,
        promptTokens: stats.promptEvalCount,
        generatedTokens: stats.evalCount,
        firstTokenSeconds: stats.promptEvalDurationNs / 1e9,
        interTokenSeconds: stats.interTokenSeconds ?? []
    });
    return stats;
}
