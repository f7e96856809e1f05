/**
 * Continuous batching in the engine: with S sequences of one context generating at once, every
 * decode after the prompts must carry one token from each of them. Stock node-llama-cpp 3.22.1
 * carries S-1 (the last sequence to finish sampling misses each batch); `patches/` fixes it at
 * install. The probe counts tokens per native decode by wrapping the context's binding object.
 * The patch also puts a batch's items in sequence order: with a KV cache per sequence llama.cpp
 * computes only consecutive sequence ids in one pass.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { getLlama, LlamaLogLevel, type LlamaContext, type Token } from "node-llama-cpp";
import { testModels } from "../testing/testModels.js";

type NativeContext = { addToBatch(...args: unknown[]): unknown; decodeBatch(): Promise<void> };

/** Wraps the context's native object so every decode records the sequence id of each batch item it carried, in order. */
function recordDecodes(context: LlamaContext): number[][] {
    const holder = context as unknown as { _ctx: NativeContext & Record<string | symbol, unknown> };
    const native = holder._ctx;
    const decodes: number[][] = [];
    let pending: number[] = [];
    holder._ctx = new Proxy(native, {
        get(target, key) {
            if (key === "addToBatch")
                return (...args: unknown[]) => {
                    for (let i = 0; i < (args[2] as Uint32Array).length; i++) pending.push(args[0] as number);
                    return target.addToBatch(...args);
                };
            if (key === "decodeBatch")
                return () => {
                    decodes.push(pending);
                    pending = [];
                    return target.decodeBatch();
                };
            const value = target[key];
            return typeof value === "function" ? value.bind(target) : value;
        }
    });
    return decodes;
}

for (const sequences of [2, 4]) {
    test(`${sequences} concurrent sequences share every decode`, { timeout: 60_000 }, async () => {
        const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error, build: "never" });
        const model = await llama.loadModel({ modelPath: testModels.plain });
        const context = await model.createContext({ contextSize: 1024, sequences, threads: 1 });
        try {
            const decodes = recordDecodes(context);
            const generated = 24;
            await Promise.all(
                Array.from({ length: sequences }, async (_, i) => {
                    const sequence = context.getSequence();
                    let count = 0;
                    const prompt = model.tokenize(`Once upon a time ${i}`) as Token[];
                    for await (const _token of sequence.evaluate(prompt, { temperature: 0 })) if (++count >= generated) break;
                })
            );
            // The first decode holds the prompts; each later one a token per sequence, until they end together.
            const perDecode = decodes.map((ids) => ids.length);
            const steps = perDecode.slice(1, generated - 1);
            assert.ok(steps.length > 0, `decodes: ${perDecode.join(" ")}`);
            assert.deepEqual(
                steps,
                steps.map(() => sequences),
                `tokens per decode: ${perDecode.join(" ")}`
            );
        } finally {
            await context.dispose();
            await model.dispose();
        }
    });
}

test("a sequence that must first erase its cache is not starved by one that keeps generating", { timeout: 60_000 }, async () => {
    const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error, build: "never" });
    const model = await llama.loadModel({ modelPath: testModels.plain });
    const context = await model.createContext({ contextSize: 1024, sequences: 2, threads: 1 });
    try {
        const [busy, late] = [context.getSequence(), context.getSequence()];
        // The late sequence holds an old conversation, which it erases (under the context's lock) before its prompt.
        await late.evaluateWithoutGeneratingNewTokens(model.tokenize("Once upon a time there was a dog.") as Token[]);
        let busyDone = false;
        const generating = (async () => {
            let count = 0;
            for await (const _token of busy.evaluate(model.tokenize("Once upon a time") as Token[], { temperature: 0 })) {
                if (++count >= 400) break;
            }
            busyDone = true;
        })();
        await new Promise((resolve) => setTimeout(resolve, 20));
        await late.eraseContextTokenRanges([{ start: 0, end: late.nextTokenIndex }]);
        const iterator = late.evaluate(model.tokenize("Lily") as Token[], { temperature: 0 });
        await iterator.next();
        await iterator.return();
        assert.equal(busyDone, false, "the late sequence got its first token while the other was still generating");
        await generating;
    } finally {
        await context.dispose();
        await model.dispose();
    }
});

test("a decode carries its sequences in id order, whatever order they queued their tokens in", { timeout: 60_000 }, async () => {
    const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error, build: "never" });
    const model = await llama.loadModel({ modelPath: testModels.plain });
    const context = await model.createContext({ contextSize: 1024, sequences: 4, threads: 1 });
    try {
        const sequences = Array.from({ length: 4 }, () => context.getSequence());
        const decodes = recordDecodes(context);
        // The last sequence starts first, the first last: their tokens are queued in reverse.
        await Promise.all(
            [...sequences].reverse().map(async (sequence, i) => {
                let count = 0;
                const prompt = model.tokenize(`Once upon a time ${i}`) as Token[];
                for await (const _token of sequence.evaluate(prompt, { temperature: 0 })) if (++count >= 12) break;
            })
        );
        const full = decodes.filter((ids) => new Set(ids).size === 4);
        assert.ok(full.length >= 8, `decodes: ${JSON.stringify(decodes)}`);
        for (const ids of full)
            assert.deepEqual(
                ids,
                [...ids].sort((a, b) => a - b),
                `a decode's sequence ids: ${ids.join(" ")}`
            );
    } finally {
        await context.dispose();
        await model.dispose();
    }
});
