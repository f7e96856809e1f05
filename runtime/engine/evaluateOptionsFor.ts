/**
 * @module evaluateOptionsFor
 * Ollama's sampling options as node-llama-cpp evaluation options, with Ollama's defaults
 * (temperature 0.8, top_k 40, top_p 0.9, min_p 0, repeat_penalty 1.0 over the last 64 tokens,
 * seed -1 = random). node-llama-cpp's own defaults differ (temperature 0, top_p 0.95), so every
 * value is passed explicitly.
 */
import type { LlamaContextSequenceRepeatPenalty, SequenceEvaluateOptions, Token } from "node-llama-cpp";
import type { SamplingOptions } from "./types.js";

export const samplingDefaults = {
    temperature: 0.8,
    top_k: 40,
    top_p: 0.9,
    min_p: 0,
    repeat_penalty: 1,
    repeat_last_n: 64,
    presence_penalty: 0,
    frequency_penalty: 0
} as const;

/**
 * `recentTokens` returns the tokens so far (prompt and generated); the repeat penalties look at the
 * last `repeat_last_n` of them (-1: the whole context; 0: none).
 */
export function evaluateOptionsFor(
    options: SamplingOptions,
    recentTokens: () => readonly Token[],
    contextSize: number
): Pick<SequenceEvaluateOptions, "temperature" | "topK" | "topP" | "minP" | "seed" | "repeatPenalty"> {
    const seed = options.seed;
    const evaluate: Pick<SequenceEvaluateOptions, "temperature" | "topK" | "topP" | "minP" | "seed" | "repeatPenalty"> = {
        temperature: Math.max(0, options.temperature ?? samplingDefaults.temperature),
        topK: options.top_k ?? samplingDefaults.top_k,
        topP: options.top_p ?? samplingDefaults.top_p,
        minP: options.min_p ?? samplingDefaults.min_p,
        // node-llama-cpp would otherwise seed with the current second: two requests in the same second would match.
        seed: seed !== undefined && seed >= 0 ? seed : Math.floor(Math.random() * 2 ** 31)
    };
    const repeatPenalty = repeatPenaltyFor(options, recentTokens, contextSize);
    if (repeatPenalty) evaluate.repeatPenalty = repeatPenalty;
    return evaluate;
}

function repeatPenaltyFor(
    options: SamplingOptions,
    recentTokens: () => readonly Token[],
    contextSize: number
): LlamaContextSequenceRepeatPenalty | undefined {
    const rawPenalty = options.repeat_penalty ?? samplingDefaults.repeat_penalty;
    // A penalty of 0 or less would divide logits by nothing useful; llama.cpp treats 1 as "off".
    const penalty = rawPenalty > 0 ? rawPenalty : 1;
    const frequencyPenalty = options.frequency_penalty ?? samplingDefaults.frequency_penalty;
    const presencePenalty = options.presence_penalty ?? samplingDefaults.presence_penalty;
    const rawLastN = options.repeat_last_n ?? samplingDefaults.repeat_last_n;
    const lastN = rawLastN === -1 ? contextSize : rawLastN;
    if (lastN <= 0 || (penalty === 1 && frequencyPenalty === 0 && presencePenalty === 0)) return undefined;
    return {
        punishTokens: () => recentTokens().slice(-lastN),
        maxPunishTokens: lastN,
        penalty,
        frequencyPenalty,
        presencePenalty
    };
}
