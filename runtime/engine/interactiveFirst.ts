/**
 * @module interactiveFirst
 * The completion contexts' batch prioritisation: while an interactive request's prompt is being
 * evaluated, the decode steps of batch jobs' lines (evaluated at {@link batchPriority}) sit out, so
 * the prompt gets the step to itself and its first token comes as from an idle model. Otherwise
 * every sequence gets an equal share of the batch, the rest going to the longest pending items,
 * higher priority first (node-llama-cpp's `maximumParallelism`, with priorities).
 */
import type { CustomBatchingPrioritizationStrategy, EvaluationPriority, PrioritizedBatchItem } from "node-llama-cpp";

/** How batch jobs' lines evaluate; interactive requests keep node-llama-cpp's default of 5. */
export const batchPriority: EvaluationPriority = 1;

export const interactiveFirst: CustomBatchingPrioritizationStrategy = ({ items, size }) => {
    const prompting = items.some((item) => item.evaluationPriority > batchPriority && item.tokens.length > 1);
    const chosen = prompting ? items.filter((item) => item.evaluationPriority > batchPriority) : items;
    let left = size;
    const share = Math.max(1, Math.floor(size / Math.max(1, chosen.length)));
    const planned: PrioritizedBatchItem[] = [];
    for (const item of chosen) {
        const amount = Math.min(item.tokens.length, share, left);
        if (amount <= 0) break;
        planned.push({ item, processAmount: amount });
        left -= amount;
    }
    for (const entry of [...planned].sort((a, b) => b.item.evaluationPriority - a.item.evaluationPriority)) {
        if (left <= 0) break;
        const more = Math.min(entry.item.tokens.length - entry.processAmount, left);
        entry.processAmount += more;
        left -= more;
    }
    return planned;
};
