import { getLlama } from "node-llama-cpp";
import { benchModels } from "../dist/bench/benchModels.js";
import { EmbeddingEvaluator } from "../dist/runtime/engine/EmbeddingEvaluator.js";
import { embeddingTokens } from "../dist/runtime/engine/embeddingTokens.js";
const { embedding } = benchModels(false);
const llama = await getLlama({ gpu: false });
const model = await llama.loadModel({ modelPath: embedding });
const words = ["Once", "Twice", "Long", "Far", "Deep", "High", "Cold", "Warm", "Dark", "Bright", "Quiet", "Loud"];
const N = Number(process.env.N ?? 192);
const texts = Array.from({ length: N }, (_, i) => `${words[i % words.length]} alpha sentence number ${i} about a fox in the grass.`);
const tokens = texts.map((t) => embeddingTokens(model, t, 2048, true));
console.log("avg tokens", tokens.reduce((s, t) => s + t.length, 0) / N);
const never = new AbortController().signal;
const variants = [
  ["pack128 fa-off", { sequences: 64, packTokens: 128, flashAttention: false }],
  ["pack256 fa-off", { sequences: 64, packTokens: 256, flashAttention: false }],
  ["pack512 fa-off", { sequences: 64, packTokens: 512, flashAttention: false }],
  ["pack256 fa-on", { sequences: 64, packTokens: 256, flashAttention: true }],
  ["pack512 fa-on", { sequences: 64, packTokens: 512, flashAttention: true }],
  ["pack1024 fa-on", { sequences: 64, packTokens: 1024, flashAttention: true }],
];
const evals = [];
for (const [name, v] of variants) evals.push([name, await EmbeddingEvaluator.create(model, { cells: 2048, batchTokens: 2048, threads: 2, ...v })]);
const res = {};
for (let round = 0; round < 3; round++) for (const [name, ev] of evals) {
  await ev.evaluate(tokens.slice(0, 8), never);
  const t = performance.now();
  for (let i = 0; i < N; i += 32) await ev.evaluate(tokens.slice(i, i + 32), never);
  const rate = N / ((performance.now() - t) / 1000);
  (res[name] ??= []).push(rate.toFixed(1));
}
console.log(res);
