import OpenAI, { toFile } from "openai";
import { startKettle } from "../dist/testing/startKettle.js";
const kettle = await startKettle({ config: `[scheduler]\nnum_parallel = 2\n` });
try {
  await kettle.createModel("tiny", "/work/shared/models/stories260K-chatml.gguf");
  const client = new OpenAI({ baseURL: `${kettle.url}/v1`, apiKey: "x" });
  const lines = Array.from({ length: 6 }, (_, i) => JSON.stringify({ custom_id: `r${i}`, method: "POST", url: "/v1/chat/completions", body: { model: "tiny", messages: [{ role: "user", content: `Hi ${i}` }], max_tokens: 8, temperature: 0 } }));
  lines.push(JSON.stringify({ custom_id: "bad", method: "POST", url: "/v1/chat/completions", body: { model: "tiny", messages: "nope" } }));
  const file = await client.files.create({ file: await toFile(Buffer.from(lines.join("\n")), "in.jsonl"), purpose: "batch" });
  console.log("file", file);
  console.log("list", (await client.files.list()).data.length);
  let batch = await client.batches.create({ input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h", metadata: { a: "b" } });
  console.log("created", batch.status);
  while (!["completed", "failed", "cancelled", "expired"].includes(batch.status)) { await new Promise((r) => setTimeout(r, 300)); batch = await client.batches.retrieve(batch.id); }
  console.log(batch);
  const out = await (await client.files.content(batch.output_file_id)).text();
  console.log(out.split("\n")[0]);
  if (batch.error_file_id) console.log("errors:", await (await client.files.content(batch.error_file_id)).text());
  console.log((await client.batches.list()).data.map((b) => b.id));
  try { await client.files.del?.(file.id) ?? await client.files.delete(file.id); console.log("deleted"); } catch (e) { console.log("del err", e.status, e.message); }
  try { await client.batches.retrieve("batch_nope"); } catch (e) { console.log("404:", e.status, e.message); }
} finally { console.log(kettle.logs().slice(-1500)); await kettle.stop(); }
