import http from "node:http";
import { startKettle } from "../dist/testing/startKettle.js";
const kettle = await startKettle({ env: { KETTLE_THREADS: "2", ...(process.env.PROF ? { NODE_OPTIONS: "--cpu-prof --cpu-prof-dir=/tmp/prof" } : {}) } });
await kettle.createModel("e", "/work/shared/models/stories260K-embed-mean.gguf");
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const target = new URL(kettle.url);
function post(path, body) {
  const bytes = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const r = http.request({ host: target.hostname, port: target.port, path, method: "POST", agent, headers: { "content-type": "application/json", "content-length": bytes.length } }, (res) => { res.resume(); res.on("end", resolve); });
    r.on("error", reject); r.end(bytes);
  });
}
const texts = Array.from({ length: 256 }, (_, i) => `sentence ${i} about a fox`);
for (const t of texts) await post("/api/embed", { model: "e", input: t, keep_alive: -1 });
for (const path of ["/api/version-get", "/api/embed"]) {
  const lat = [];
  for (let i = 0; i < 3000; i++) {
    const t = performance.now();
    if (path === "/api/embed") await post(path, { model: "e", input: texts[i % 256], keep_alive: -1 });
    else await new Promise((res) => http.get({ host: target.hostname, port: target.port, path: "/api/version", agent }, (r) => { r.resume(); r.on("end", res); }));
    lat.push(performance.now() - t);
  }
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.floor(p * lat.length)].toFixed(3);
  console.log(path, "p50", q(0.5), "p90", q(0.9), "p99", q(0.99), "max", lat.at(-1).toFixed(2));
}
await kettle.stop();
