/**
 * @module PrefixSharing
 * Prompt prefixes computed once per context. A request about to evaluate its prompt in one sequence
 * first looks at the context's other sequences: when one holds a longer prefix of the prompt (a
 * shared system prompt, few-shot examples, a RAG template) than its own sequence does, it copies
 * that prefix's KV cells instead of evaluating them again; when another request is still evaluating
 * a prompt with that prefix, it waits for it first, so a burst of requests sharing a prefix pays
 * for it once. The copy itself is Kettle's patch of node-llama-cpp (`_kettleAdoptPrefix`).
 */
import type { LlamaContextSequence, Token } from "node-llama-cpp";
import { AbortError } from "./AbortError.js";

/** node-llama-cpp's sequence with Kettle's patched method (patches/node-llama-cpp+3.22.1.patch). */
type AdoptingSequence = LlamaContextSequence & {
    _kettleAdoptPrefix(donor: LlamaContextSequence, tokens: readonly Token[]): Promise<number>;
};

/** A prompt being evaluated, and when it is done. */
type Evaluation = { sequence: LlamaContextSequence; prompt: readonly Token[]; done: Promise<void> };

/**
 * Copying a sequence's cells costs about as much as a few dozen tokens of prompt on the CPU (a whole
 * stream is copied when the cache is not unified); below this gain the prompt is evaluated instead.
 */
export const minSharedTokens = 32;

export class PrefixSharing {
    readonly #sequences: readonly AdoptingSequence[];
    readonly #evaluations = new Set<Evaluation>();

    private constructor(sequences: readonly AdoptingSequence[]) {
        this.#sequences = sequences;
    }

    /**
     * Sharing for a context's sequences, or undefined when it cannot apply: one sequence, a model
     * whose cache cannot keep a prefix alone (recurrent, hybrid, sliding window: node-llama-cpp
     * checkpoints those), or a node-llama-cpp without Kettle's patch.
     */
    static for(sequences: readonly LlamaContextSequence[]): PrefixSharing | undefined {
        if (sequences.length < 2 || sequences.some((sequence) => sequence.needsCheckpoints)) return undefined;
        if (
            !sequences.every(
                (sequence): sequence is AdoptingSequence => typeof (sequence as Partial<AdoptingSequence>)._kettleAdoptPrefix === "function"
            )
        )
            return undefined;
        return new PrefixSharing(sequences);
    }

    /**
     * Before `sequence` evaluates `prompt`: waits for a prompt with a longer shared prefix that is
     * being evaluated elsewhere, then copies the longest prefix another sequence holds when it beats
     * the sequence's own by {@link minSharedTokens}. Returns how many tokens were copied, and the
     * call that tells later requests this prompt is evaluated (made once it is, or failed): until
     * then they wait for it rather than evaluate the same prefix beside it.
     */
    async claim(
        sequence: LlamaContextSequence,
        prompt: readonly Token[],
        signal: AbortSignal
    ): Promise<{ copied: number; evaluated: () => void }> {
        const self = this.#sequences.find((candidate) => candidate === sequence);
        let copied = 0;
        if (self) {
            // node-llama-cpp's comparison takes a mutable array: one copy serves every sequence.
            const tokens = [...prompt];
            const own = sequence.compareContextTokens(tokens).firstDifferentIndex;
            for (;;) {
                const held = this.#bestHeld(sequence, tokens);
                const pending = this.#bestPending(sequence, prompt);
                if (pending && pending.length >= Math.max(own, held.length) + minSharedTokens) {
                    await abortable(pending.evaluation.done, signal);
                    continue; // that sequence now holds the prefix (or failed): look again
                }
                if (held.sequence && held.length >= own + minSharedTokens) copied = await self._kettleAdoptPrefix(held.sequence, prompt);
                break;
            }
        }
        return { copied, evaluated: this.#evaluating(sequence, prompt) };
    }

    #evaluating(sequence: LlamaContextSequence, prompt: readonly Token[]): () => void {
        let finish!: () => void;
        const evaluation: Evaluation = { sequence, prompt, done: new Promise<void>((resolve) => (finish = resolve)) };
        this.#evaluations.add(evaluation);
        return () => {
            this.#evaluations.delete(evaluation);
            finish();
        };
    }

    /** The other sequence holding the longest prefix of `prompt`. */
    #bestHeld(sequence: LlamaContextSequence, prompt: Token[]): { sequence?: LlamaContextSequence; length: number } {
        let best: { sequence?: LlamaContextSequence; length: number } = { length: 0 };
        for (const candidate of this.#sequences) {
            if (candidate === sequence) continue;
            const length = candidate.compareContextTokens(prompt).firstDifferentIndex;
            if (length > best.length) best = { sequence: candidate, length };
        }
        return best;
    }

    /** The prompt being evaluated in another sequence that shares the longest prefix with `prompt`. */
    #bestPending(sequence: LlamaContextSequence, prompt: readonly Token[]): { evaluation: Evaluation; length: number } | undefined {
        let best: { evaluation: Evaluation; length: number } | undefined;
        for (const evaluation of this.#evaluations) {
            if (evaluation.sequence === sequence) continue;
            const length = commonPrefixLength(evaluation.prompt, prompt);
            if (length > (best?.length ?? 0)) best = { evaluation, length };
        }
        return best;
    }
}

function commonPrefixLength(a: readonly Token[], b: readonly Token[]): number {
    const end = Math.min(a.length, b.length);
    let index = 0;
    while (index < end && a[index] === b[index]) index++;
    return index;
}

function abortable(promise: Promise<void>, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(new AbortError(signal.reason));
    return new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(new AbortError(signal.reason));
        signal.addEventListener("abort", onAbort, { once: true });
        void promise.then(() => {
            signal.removeEventListener("abort", onAbort);
            resolve();
        });
    });
}
