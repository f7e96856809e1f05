/**
 * @module inProcessContender
 * node-llama-cpp in the benchmark's own process: the engine's ceiling, with nothing between the
 * caller and the context. Prompts get the same tokens Kettle evaluates (BOS first).
 */
import { getLlama, LlamaLogLevel, type Llama, type LlamaContextSequence, type LlamaModel, type Token } from "node-llama-cpp";
import { tokenizePrompt } from "../../runtime/engine/tokenizePrompt.js";
import type { Contender, ContenderSettings } from "./Contender.js";
import { aggregateRate, decodeRate } from "./streamRates.js";

export async function inProcessContender(settings: ContenderSettings): Promise<Contender> {
    const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
    const open = async () => {
        const model = await llama.loadModel({ modelPath: settings.completionModel, useMmap: true });
        const context = await model.createContext({
            contextSize: settings.contextSize,
            threads: settings.threads,
            sequences: settings.slots,
            batchSize: 512
        });
        return { model, context, sequences: Array.from({ length: settings.slots }, () => context.getSequence()) };
    };
    let warm = await open();

    /** Greedy tokens until `tokens` are out; returns the time of the first and the last. */
    async function generate(sequence: LlamaContextSequence, model: LlamaModel, prompt: string, tokens: number) {
        await sequence.clearHistory();
        const started = performance.now();
        let first = 0;
        let count = 0;
        for await (const _token of sequence.evaluate(tokenizePrompt(model, prompt) as Token[], { temperature: 0 })) {
            if (++count === 1) first = performance.now();
            if (count >= tokens) break;
        }
        return { started, first, ended: performance.now(), count };
    }

    return {
        name: "node-llama-cpp in-process",
        async decode(prompt, tokens) {
            return decodeRate(await generate(warm.sequences[0]!, warm.model, prompt, tokens));
        },
        async firstToken(prompt) {
            const run = await generate(warm.sequences[0]!, warm.model, prompt, 1);
            return run.first - run.started;
        },
        async concurrent(prompts, tokens) {
            // More prompts than sequences queue behind them, as on a server: prompt i waits for i - slots.
            const previous: Promise<unknown>[] = [];
            return aggregateRate(prompts, (prompt, i) => {
                const slot = i % warm.sequences.length;
                const before = previous[slot];
                const run = (async () => {
                    await before;
                    return generate(warm.sequences[slot]!, warm.model, prompt, tokens);
                })();
                previous[slot] = run;
                return run;
            });
        },
        async coldStart(prompt) {
            await warm.context.dispose();
            await warm.model.dispose();
            const started = performance.now();
            warm = await open();
            const run = await generate(warm.sequences[0]!, warm.model, prompt, 1);
            return run.first - started;
        },
        async close() {
            await warm.context.dispose();
            await warm.model.dispose();
            await (llama as Llama & { dispose(): Promise<void> }).dispose();
        }
    };
}
