#!/usr/bin/env node
// Adds lockfile entries for node-llama-cpp's prebuilt-binary packages that this machine's npm
// registry does not serve (macOS, Windows, riscv64). `npm install` leaves them out of
// package-lock.json, and `npm ci` then refuses the lockfile as out of sync. Entries carry the
// os/cpu that rule them out on Linux x64, so npm ci skips them without fetching anything.
// Run after any `npm install` that rewrites package-lock.json: `node tools/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from "node:fs";

const lockPath = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const parent = lock.packages["node_modules/node-llama-cpp"];
const platforms = {
    "linux-riscv64": { os: ["linux"], cpu: ["riscv64"] },
    "mac-arm64-metal": { os: ["darwin"], cpu: ["arm64", "x64"] },
    "mac-x64": { os: ["darwin"], cpu: ["x64"] },
    "win-arm64": { os: ["win32"], cpu: ["arm64", "x64"] },
    "win-x64": { os: ["win32"], cpu: ["x64"] },
    "win-x64-cuda": { os: ["win32"], cpu: ["x64"] },
    "win-x64-cuda-ext": { os: ["win32"], cpu: ["x64"] },
    "win-x64-vulkan": { os: ["win32"], cpu: ["x64"] }
};
let added = 0;
for (const [name, version] of Object.entries(parent.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const platform = platforms[name.replace("@node-llama-cpp/", "")];
    if (lock.packages[key] || !platform) continue;
    lock.packages[key] = { version, ...platform, license: "MIT", optional: true, engines: { node: ">=20.0.0" } };
    added++;
}
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
lock.packages = sorted;
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + "\n");
console.log(`complete-lockfile: added ${added} entries`);
