import { startKettle } from "../dist/testing/startKettle.js";
const kettle = await startKettle({ env: { KETTLE_THREADS: "2", OLLAMA_NUM_PARALLEL: "8", OLLAMA_CONTEXT_LENGTH: "2048" } });
await kettle.createModel("tiny", process.env.HOME + "/.cache/kettle-bench/bench-q8.gguf");
const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ custom_id: `l${i}`, method: "POST", url: "/api/generate", body: { model: "tiny", prompt: `Once ${i} upon a time in a land far away there lived a fox`, raw: true, options: { num_predict: 128, temperature: 0 } } }));
const form = new FormData(); form.set("purpose", "batch"); form.set("file", new Blob([lines.join("\n")]), "x.jsonl");
const file = await (await fetch(`${kettle.url}/v1/files`, { method: "POST", body: form })).json();
const batch = await (await fetch(`${kettle.url}/v1/batches`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ input_file_id: file.id, endpoint: "/api/generate", completion_window: "24h" }) })).json();
for (;;) { const b = await (await fetch(`${kettle.url}/v1/batches/${batch.id}`)).json(); if (b.request_counts.completed >= 8) break; await new Promise((r) => setTimeout(r, 100)); }
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  const res = await fetch(`${kettle.url}/api/generate`, { method: "POST", body: JSON.stringify({ model: "tiny", prompt: `Busy question ${i}: where did the fox go`, raw: true, keep_alive: -1, options: { temperature: 0, num_predict: 128 } }) });
  const reader = res.body.getReader(); await reader.read(); const first = performance.now() - t;
  while (!(await reader.read()).done);
  const stats = await (await fetch(`${kettle.url}/api/stats`)).json();
  console.log("ttft", first.toFixed(0), "ms; stats", JSON.stringify(stats.batches), JSON.stringify(stats.queue?.recent?.slice(-1)));
}
console.log((await (await fetch(`${kettle.url}/v1/batches/${batch.id}`)).json()).request_counts);
const trace = kettle.logs().split("\n").filter((l) => l.startsWith("TRACE")); console.log(trace.join("\n"));
await kettle.stop();
