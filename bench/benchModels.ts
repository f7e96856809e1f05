/**
 * @module benchModels
 * The models a benchmark runs on: generated once with ../shared/tools/make-gguf.mjs (random weights,
 * a real tokenizer) and cached outside the repository, or, for the smoke run, the tiny real models.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { testModels } from "../test/testModels.js";

const makeGguf = fileURLToPath(new URL("../../../shared/tools/make-gguf.mjs", import.meta.url));
const cacheDir = join(homedir(), ".cache", "kettle-bench");

export type BenchModels = { completion: string; embedding: string };

/** Default shape: dim 1024, 16 layers, ff 2816, 16 heads, 4 KV heads, Q8_0 (about 193 MB). */
export function benchModels(smoke: boolean): BenchModels {
    if (smoke) return { completion: testModels.plain, embedding: testModels.embed };
    return { completion: make("bench-q8.gguf", []), embedding: make("bench-q8-embed.gguf", ["--pooling", "mean"]) };
}

function make(name: string, extra: string[]): string {
    const file = join(cacheDir, name);
    if (!existsSync(file)) {
        mkdirSync(cacheDir, { recursive: true });
        process.stderr.write(`making ${file} (once) …\n`);
        execFileSync(process.execPath, [makeGguf, "--out", file, "--type", "q8_0", "--chat-template", "none", ...extra], {
            stdio: "inherit"
        });
    }
    return file;
}
