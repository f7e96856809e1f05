/**
 * @module interactiveFirst
 * The completion contexts' batch prioritisation: while an interactive request's prompt is being
 * evaluated, the decode steps of batch jobs' lines (evaluated at {@link batchPriority}) sit out, so
 * the prompt gets the step to itself and its first token comes as from an idle model; so they do
 * while one is on its way to its prompt (PromptArrivals), even if that leaves a step empty. Batch lines'
 * prompts are evaluated a few tokens per step ({@link batchPromptTokens}), beside the other
 * sequences' decode steps: an interactive request arriving meanwhile waits for one short step, not
 * for a whole wave of new lines' prompts. Otherwise every sequence gets an equal share of the
 * batch, the rest going to the longest pending items, higher priority first (node-llama-cpp's
 * `maximumParallelism`, with priorities).
 */
import type { CustomBatchingPrioritizationStrategy, EvaluationPriority, PrioritizedBatchItem } from "node-llama-cpp";

/** How batch jobs' lines evaluate; interactive requests keep node-llama-cpp's default of 5. */
export const batchPriority: EvaluationPriority = 1;

/**
 * Prompt tokens of batch lines evaluated in one step, all lines together. On a CPU a step's time
 * grows with its tokens (16 are about a decode step of 8 sequences here), so small chunks cost little
 * throughput; a GPU evaluates hundreds in the time of one, so it takes larger ones.
 */
export const batchPromptTokens = { cpu: 16, gpu: 256 } as const;

/**
 * `traffic`: whether an interactive request is on its way to its prompt (the lines then sit out
 * too) and whether one came recently (only then are the lines' prompts cut into small steps: a
 * batch alone evaluates them whole, at full speed); PromptArrivals answers both.
 */
export function interactiveFirst(
    promptTokensPerStep: number,
    traffic: { pending(): boolean; recent(): boolean } = { pending: () => false, recent: () => true }
): CustomBatchingPrioritizationStrategy {
    return ({ items, size }) => {
        const prompting = items.some((item) => item.evaluationPriority > batchPriority && item.tokens.length > 1) || traffic.pending();
        const chosen = prompting ? items.filter((item) => item.evaluationPriority > batchPriority) : items;
        let left = size;
        let promptLeft = traffic.recent() ? promptTokensPerStep : size;
        // How many more tokens an item may take: a batch line's prompt shares the step's prompt allowance.
        const room = (item: (typeof items)[number], wanted: number) => {
            const batchPrompt = item.evaluationPriority <= batchPriority && item.tokens.length > 1;
            const amount = Math.min(wanted, left, batchPrompt ? promptLeft : wanted);
            if (batchPrompt) promptLeft -= amount;
            left -= amount;
            return amount;
        };
        const share = Math.max(1, Math.floor(size / Math.max(1, chosen.length)));
        const planned: PrioritizedBatchItem[] = [];
        for (const item of chosen) {
            if (left <= 0) break;
            const amount = room(item, Math.min(item.tokens.length, share));
            if (amount > 0) planned.push({ item, processAmount: amount });
        }
        for (const entry of [...planned].sort((a, b) => b.item.evaluationPriority - a.item.evaluationPriority)) {
            if (left <= 0) break;
            entry.processAmount += room(entry.item, entry.item.tokens.length - entry.processAmount);
        }
        return planned;
    };
}
