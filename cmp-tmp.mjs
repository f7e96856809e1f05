import { getLlama } from "node-llama-cpp";
import { EmbeddingEvaluator } from "/work/main/dist/runtime/engine/EmbeddingEvaluator.js";
import { embeddingTokens } from "/work/main/dist/runtime/engine/embeddingTokens.js";
const llama = await getLlama({ gpu: false });
const model = await llama.loadModel({ modelPath: process.argv[2] });
const words = ["Once", "Twice", "Long", "Far", "Deep", "High", "Cold", "Warm", "Dark", "Bright", "Quiet", "Loud"];
const texts = Array.from({ length: 256 }, (_, i) => `${words[i % words.length]} sentence number ${i} about a fox in the grass.`);
const s = new AbortController().signal;
const stock = await model.createEmbeddingContext({ contextSize: 2048, batchSize: 2048, threads: 2 });
let t = performance.now();
for (const x of texts.slice(0, 64)) await stock.getEmbeddingFor(x);
console.log("stock one by one", (64 / (performance.now() - t) * 1000).toFixed(1), "texts/s");
await stock.dispose();
for (const fa of [false, true]) {
const ev = await EmbeddingEvaluator.create(model, { cells: 2048, batchTokens: 2048, sequences: 64, threads: 2, flashAttention: fa });
const toks = texts.map(x => embeddingTokens(model, x, 2048, true));
await ev.evaluate(toks.slice(0, 2), s);
for (const b of [1, 4, 8, 16, 32, 64]) {
  const t = performance.now();
  for (let i = 0; i < texts.length; i += b) await ev.evaluate(toks.slice(i, i + b), s);
  console.log("fa", fa, "batch", b, "tokens", b * 28, (texts.length / (performance.now() - t) * 1000).toFixed(1), "texts/s");
}
await ev.dispose();
}
