import http from "node:http";
import { startKettle } from "../dist/testing/startKettle.js";
const kettle = await startKettle({ env: { KETTLE_THREADS: "2" } });
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const target = new URL(kettle.url);
for (let round = 0; round < 2; round++) {
  const lat = [];
  for (let i = 0; i < 3000; i++) {
    const t = performance.now();
    await new Promise((res) => http.get({ host: target.hostname, port: target.port, path: "/api/version", agent }, (r) => { r.resume(); r.on("end", res); }));
    lat.push(performance.now() - t);
  }
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.floor(p * lat.length)].toFixed(3);
  console.log("version p50", q(0.5), "p90", q(0.9), "p99", q(0.99), "max", lat.at(-1).toFixed(2));
}
await kettle.stop();
// bare node http server baseline
const srv = http.createServer((q, r) => { r.setHeader("content-type", "application/json"); r.end('{"version":"0.1.0"}'); }).listen(0);
await new Promise((r) => srv.on("listening", r));
const port = srv.address().port;
const lat = [];
for (let i = 0; i < 3000; i++) {
  const t = performance.now();
  await new Promise((res) => http.get({ host: "127.0.0.1", port, path: "/", agent }, (r) => { r.resume(); r.on("end", res); }));
  lat.push(performance.now() - t);
}
lat.sort((a, b) => a - b);
const q = (p) => lat[Math.floor(p * lat.length)].toFixed(3);
console.log("bare in-process http p50", q(0.5), "p90", q(0.9), "p99", q(0.99));
srv.close();
