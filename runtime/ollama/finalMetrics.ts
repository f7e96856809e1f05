/**
 * @module finalMetrics
 * The timing fields of Ollama's last generate/chat chunk, all integers in nanoseconds.
 */
import type { GenerationStats } from "../engine/types.js";

export function finalMetrics(stats: GenerationStats, startedNs: bigint, loadDurationNs: number) {
    return {
        total_duration: Number(process.hrtime.bigint() - startedNs) + loadDurationNs,
        load_duration: loadDurationNs,
        prompt_eval_count: stats.promptEvalCount,
        prompt_eval_duration: stats.promptEvalDurationNs,
        eval_count: stats.evalCount,
        eval_duration: stats.evalDurationNs
    };
}
