#!/usr/bin/env node
// Runs at install (postinstall): builds node-llama-cpp's native binding from the llama.cpp source
// bundled in its npm package (offline, OpenMP, -march=native) when cmake and a C++ compiler are
// present. On a 2-core machine this build decodes about twice as fast with 2 threads as the
// prebuilt binary (see bench/README.md). Without the tools, or if the build fails, Kettle keeps the
// prebuilt binary: this script never fails the install. It builds once; later installs reuse it,
// unless Kettle's patch of node-llama-cpp (which changes its native code) has changed since.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const localBuilds = fileURLToPath(new URL("../node_modules/node-llama-cpp/llama/localBuilds/", import.meta.url));
const say = (text) => process.stderr.write(`kettle: ${text}\n`);
const has = (command) => spawnSync(command, ["--version"], { stdio: "ignore" }).status === 0;

const patches = fileURLToPath(new URL("../patches/", import.meta.url));
const patchHash = createHash("sha256");
for (const name of existsSync(patches) ? readdirSync(patches).sort() : []) patchHash.update(readFileSync(join(patches, name)));
const patchDigest = patchHash.digest("hex");
const marker = join(localBuilds, ".kettle-patches");
const built = existsSync(localBuilds) && readdirSync(localBuilds).some((name) => !name.startsWith("."));
const current = built && existsSync(marker) && readFileSync(marker, "utf8") === patchDigest;

if (current) {
    say("node-llama-cpp already has a local build of llama.cpp with Kettle's patches; using it.");
} else if (!has("cmake") || !(has("c++") || has("g++") || has("clang++"))) {
    say("cmake or a C++ compiler is missing: using node-llama-cpp's prebuilt binary (slower with several threads).");
} else {
    if (built) {
        say("the local build of llama.cpp predates Kettle's current patches; rebuilding.");
        rmSync(localBuilds, { recursive: true, force: true });
    }
    say("building llama.cpp for this CPU from the source node-llama-cpp bundles (about 5 minutes on 2 idle cores) …");
    const started = Date.now();
    const result = spawnSync(
        process.execPath,
        [fileURLToPath(new URL("../node_modules/node-llama-cpp/dist/cli/cli.js", import.meta.url)), "source", "download", "--gpu", "false"],
        {
            cwd: root,
            stdio: ["ignore", "ignore", "inherit"],
            timeout: 25 * 60 * 1000
        }
    );
    const minutes = ((Date.now() - started) / 60000).toFixed(1);
    if (result.status === 0) {
        writeFileSync(marker, patchDigest);
        say(`llama.cpp built in ${minutes} min; node-llama-cpp will use it.`);
    } else
        say(
            `the llama.cpp build failed after ${minutes} min (${result.error?.message ?? `exit ${result.status}`}); using the prebuilt binary.`
        );
}
