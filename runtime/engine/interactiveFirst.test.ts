import assert from "node:assert/strict";
import { test } from "node:test";
import type { BatchItem, EvaluationPriority, Token } from "node-llama-cpp";
import { batchPriority, interactiveFirst } from "./interactiveFirst.js";

const item = (tokens: number, evaluationPriority: EvaluationPriority = 5): BatchItem => ({
    tokens: Array.from({ length: tokens }, (_, i) => i as Token),
    logits: [],
    evaluationPriority
});
const plan = (items: BatchItem[], size: number, promptTokens = 512) =>
    interactiveFirst(promptTokens)({ items, size }).map((entry) => [items.indexOf(entry.item), entry.processAmount]);

test("while an interactive prompt is evaluated, batch lines' decode steps sit out", () => {
    const items = [item(1, batchPriority), item(1, batchPriority), item(30), item(1)];
    assert.deepEqual(plan(items, 512), [
        [2, 30],
        [3, 1]
    ]);
});

test("with no interactive prompt pending every sequence takes part, batch lines too", () => {
    const items = [item(1, batchPriority), item(1, batchPriority), item(1), item(20, batchPriority)];
    assert.deepEqual(plan(items, 512), [
        [0, 1],
        [1, 1],
        [2, 1],
        [3, 20]
    ]);
});

test("a batch smaller than the work: equal shares, then what is left to the higher priority", () => {
    const items = [item(100, batchPriority), item(100, batchPriority), item(100, batchPriority)];
    assert.deepEqual(plan(items, 64), [
        [0, 22],
        [1, 21],
        [2, 21]
    ]);
    assert.deepEqual(plan([item(100), item(5)], 64), [
        [0, 59],
        [1, 5]
    ]);
});

test("batch lines' prompts share a small allowance per step; decode steps and interactive prompts do not count against it", () => {
    const items = [item(1, batchPriority), item(40, batchPriority), item(40, batchPriority), item(1)];
    assert.deepEqual(plan(items, 512, 16), [
        [0, 1],
        [1, 16],
        [3, 1]
    ]);
    // An interactive prompt is not cut: the lines sit out its step entirely.
    assert.deepEqual(plan([item(40, batchPriority), item(30)], 512, 16), [[1, 30]]);
    // Alone, lines' prompts still advance 16 tokens a step.
    assert.deepEqual(plan([item(10, batchPriority), item(10, batchPriority)], 512, 16), [
        [0, 10],
        [1, 6]
    ]);
});

test("while an interactive request is on its way to its prompt, batch lines sit out, even if the step is left empty", () => {
    const strategy = interactiveFirst(16, { pending: () => true, recent: () => true });
    const lines = [item(1, batchPriority), item(40, batchPriority)];
    assert.deepEqual(strategy({ items: lines, size: 512 }), []);
    const withInteractive = [...lines, item(1)];
    assert.deepEqual(
        strategy({ items: withInteractive, size: 512 }).map((entry) => [withInteractive.indexOf(entry.item), entry.processAmount]),
        [[2, 1]]
    );
});

test("with no interactive request lately, batch lines' prompts go whole", () => {
    const idle = interactiveFirst(16, { pending: () => false, recent: () => false });
    const items = [item(40, batchPriority), item(30, batchPriority)];
    assert.deepEqual(
        idle({ items, size: 512 }).map((entry) => entry.processAmount),
        [40, 30]
    );
});
