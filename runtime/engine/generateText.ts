/**
 * @module generateText
 * The decode loop behind generate and chat: evaluates a rendered prompt in a context sequence and
 * streams the generated text. It reuses the part of the prompt the sequence already holds from its
 * previous request (the KV cache prefix) or copies a longer one from another sequence of the context
 * ({@link PrefixSharing}), samples with Ollama's options and defaults, stops at
 * end-of-generation, a stop sequence, `num_predict` or a full context, and measures what Ollama
 * reports. Streamed text never ends inside a UTF-8 character or a possible stop sequence.
 */
import {
    LlamaGrammarEvaluationState,
    type EvaluationPriority,
    type LlamaContextSequence,
    type LlamaGrammar,
    type LlamaModel,
    type Token
} from "node-llama-cpp";
import { BadRequestError } from "../errors/BadRequestError.js";
import { throwIfAborted } from "./AbortError.js";
import { evaluateOptionsFor } from "./evaluateOptionsFor.js";
import { IncrementalDetokenizer } from "./IncrementalDetokenizer.js";
import type { PrefixSharing } from "./PrefixSharing.js";
import type { RenderedPrompt } from "./RenderedPrompt.js";
import { StopSequenceMatcher } from "./StopSequenceMatcher.js";
import type { DoneReason, GenerationChunk, GenerationStats, SamplingOptions, TokenLogprob } from "./types.js";

export type GenerateTextRequest = {
    model: LlamaModel;
    sequence: LlamaContextSequence;
    /** The context length the request was loaded for (node-llama-cpp may round its context up). */
    contextSize: number;
    prompt: RenderedPrompt;
    options: SamplingOptions;
    grammar?: LlamaGrammar;
    /** Ends the generation (done_reason "stop") once the text generated so far satisfies it. */
    stopWhen?: (output: string) => boolean;
    /** Report each token's log-probability and this many alternatives. */
    logprobs?: { top: number };
    /** Return prompt + generated tokens as `context` (generate, not raw, not chat). */
    returnContext: boolean;
    /** The context's other sequences, whose prompt prefixes this one may copy instead of evaluating. */
    prefixes?: PrefixSharing;
    /** A batch job's line evaluates at a lower priority than interactive requests (see interactiveFirst). */
    evaluationPriority?: EvaluationPriority;
    /** Called at the first token, or however the generation ends before one (see PromptArrivals). */
    onFirstToken?: () => void;
    signal: AbortSignal;
};

/** Ollama's `num_keep` default: tokens at the start of a too-long prompt that survive truncation. */
const defaultNumKeep = 4;

export async function* generateText(request: GenerateTextRequest): AsyncGenerator<GenerationChunk, GenerationStats> {
    const { model, sequence, options, signal } = request;
    throwIfAborted(signal);
    const started = process.hrtime.bigint();
    // node-llama-cpp keeps one cell free, so a sequence holds at most contextSize - 1 evaluated tokens.
    const capacity = Math.min(request.contextSize, sequence.contextSize) - 1;
    const prompt = truncatePrompt(request.prompt.tokens, capacity, options.num_keep ?? defaultNumKeep);
    if (prompt.length === 0) throw new BadRequestError("the prompt is empty");

    const claim = await request.prefixes?.claim(sequence, prompt, signal);
    // Until the prompt is evaluated, requests sharing its prefix wait for it: released at the first
    // token, and however the generation ends before one.
    const promptEvaluated = () => {
        claim?.evaluated();
        request.onFirstToken?.();
    };
    try {
        const cachedPromptCount = await reuseCachedPrefix(sequence, prompt);
        const pending = prompt.slice(cachedPromptCount);
        throwIfAborted(signal);

        const generated: Token[] = [];
        const history: Token[] = [...prompt];
        const grammarEvaluationState = request.grammar ? new LlamaGrammarEvaluationState({ model, grammar: request.grammar }) : undefined;
        const evaluateOptions = {
            ...evaluateOptionsFor(options, () => history, capacity),
            ...(grammarEvaluationState ? { grammarEvaluationState } : {}),
            ...(request.evaluationPriority !== undefined ? { evaluationPriority: request.evaluationPriority } : {})
        };
        const detokenizer = new IncrementalDetokenizer((tokens, special, last) => model.detokenize(tokens, special, last), {
            // Special tokens are rendered (as llama.cpp's server does), so stop sequences like `<|im_end|>` match them.
            specialTokens: true,
            previous: prompt
        });
        const matcher = new StopSequenceMatcher([...(options.stop ?? []), ...request.prompt.stop]);
        // num_predict: -1 (or any value <= 0, as in Ollama's runner) = until end of generation or a full context.
        const maxTokens = options.num_predict !== undefined && options.num_predict > 0 ? options.num_predict : Infinity;

        let doneReason: DoneReason = "stop";
        let output = "";
        let firstTokenAt: bigint | undefined;
        let lastTokenAt = 0n;
        const gaps: number[] = [];
        // The whole uncached prompt goes in one evaluate call: node-llama-cpp decodes it in batches and
        // samples from the last logits, so the first token costs no extra decode step.
        const iterator = request.logprobs
            ? sequence.evaluateWithMetadata(pending, { probabilities: true }, evaluateOptions)
            : sequence.evaluate(pending, evaluateOptions);
        let logprobs: TokenLogprob[] = [];
        try {
            for (;;) {
                throwIfAborted(signal);
                const next = await iterator.next();
                if (firstTokenAt === undefined) {
                    firstTokenAt = process.hrtime.bigint();
                    promptEvaluated();
                }
                if (next.done) break; // an end-of-generation token
                const now = process.hrtime.bigint();
                if (lastTokenAt !== 0n) gaps.push(Number(now - lastTokenAt) / 1e9);
                lastTokenAt = now;
                const token = typeof next.value === "number" ? next.value : next.value.token;
                if (request.logprobs && typeof next.value === "object") {
                    logprobs.push(tokenLogprob(model, token, next.value.probabilities, request.logprobs.top, history));
                }
                generated.push(token);
                history.push(token);
                const piece = matcher.push(detokenizer.push(token));
                if (piece.text !== "") {
                    yield { text: piece.text, ...(logprobs.length > 0 ? { logprobs } : {}) };
                    logprobs = [];
                    if (request.stopWhen) {
                        output += piece.text;
                        if (request.stopWhen(output)) break;
                    }
                }
                if (piece.stopped) break;
                if (generated.length >= maxTokens) {
                    doneReason = "length";
                    break;
                }
                // The token just sampled must be evaluated before the next one can be: no room left means the context is full.
                if (sequence.nextTokenIndex >= capacity) {
                    doneReason = "length";
                    break;
                }
            }
        } finally {
            await iterator.return();
        }
        if (!matcher.stopped) {
            const rest = matcher.push(detokenizer.flush()).text + matcher.flush();
            if (rest !== "" || logprobs.length > 0) yield { text: rest, ...(logprobs.length > 0 ? { logprobs } : {}) };
        } else if (logprobs.length > 0) yield { text: "", logprobs };

        const ended = process.hrtime.bigint();
        const firstToken = firstTokenAt ?? ended;
        return {
            doneReason,
            promptEvalCount: prompt.length,
            promptEvalDurationNs: nanoseconds(firstToken - started),
            evalCount: generated.length,
            evalDurationNs: nanoseconds(ended - firstToken),
            cachedPromptCount,
            interTokenSeconds: gaps,
            ...(claim && claim.copied > 0 ? { sharedPromptCount: claim.copied } : {}),
            ...(request.returnContext ? { context: [...prompt, ...generated] } : {})
        };
    } finally {
        promptEvaluated();
    }
}

/**
 * Keeps the KV cache of the longest common prefix of the sequence's tokens and the prompt, erases
 * the rest, and returns how many prompt tokens are already evaluated. The last prompt token is
 * always evaluated again, since its logits are not kept.
 */
async function reuseCachedPrefix(sequence: LlamaContextSequence, prompt: readonly Token[]): Promise<number> {
    const common = Math.min(sequence.compareContextTokens([...prompt]).firstDifferentIndex, prompt.length - 1);
    if (common < sequence.nextTokenIndex) await sequence.eraseContextTokenRanges([{ start: common, end: sequence.nextTokenIndex }]);
    // Models that cannot erase a suffix (recurrent ones) may have dropped more than asked.
    return Math.min(common, sequence.nextTokenIndex);
}

/** Ollama's truncation of a prompt that does not fit: keep the first `numKeep` tokens and the end. */
function truncatePrompt(tokens: readonly Token[], capacity: number, numKeep: number): Token[] {
    if (tokens.length <= capacity) return [...tokens];
    const keep = Math.max(0, Math.min(numKeep, capacity - 1));
    return [...tokens.slice(0, keep), ...tokens.slice(tokens.length - (capacity - keep))];
}

/** Ollama's logprobs entry for a sampled token, from the sampler's probabilities. */
function tokenLogprob(
    model: LlamaModel,
    token: Token,
    probabilities: Map<Token, number>,
    top: number,
    before: readonly Token[]
): TokenLogprob {
    // The preceding tokens decide how a token's leading space is written (SentencePiece).
    const lastTokens = before.slice(-4);
    const entry = (candidate: Token, probability: number) => {
        const text = model.detokenize([candidate], true, lastTokens);
        return { token: text, logprob: Math.log(Math.max(probability, Number.MIN_VALUE)), bytes: [...Buffer.from(text, "utf8")] };
    };
    const sampled = entry(token, probabilities.get(token) ?? 1);
    if (top <= 0) return sampled;
    const best = [...probabilities].sort((a, b) => b[1] - a[1]).slice(0, top);
    return { ...sampled, top_logprobs: best.map(([candidate, probability]) => entry(candidate, probability)) };
}

function nanoseconds(duration: bigint): number {
    // Ollama's durations are positive integers; a zero would read as "not measured".
    return Math.max(1, Number(duration));
}
