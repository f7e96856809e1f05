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
import { testModels } from "../testing/testModels.js";

const makeGguf = fileURLToPath(new URL("../../../shared/tools/make-gguf.mjs", import.meta.url));
const cacheDir = join(homedir(), ".cache", "kettle-bench");

export type BenchModels = { completion: string; embedding: string };

/**
 * Completion: dim 1024, 16 layers, ff 2816, 16 heads, 4 KV heads, Q8_0 (about 193 MB). Embedding: the
 * shape of the small embedding models people serve (bge-small, all-MiniLM-L12: dim 384, 12 layers,
 * ff 1536, 12 heads), Q8_0, mean pooling.
 */
export function benchModels(smoke: boolean): BenchModels {
    if (smoke) return { completion: testModels.plain, embedding: testModels.embed };
    return {
        completion: make("bench-q8.gguf", []),
        embedding: make("bench-q8-embed-384x12.gguf", [
            "--dim",
            "384",
            "--layers",
            "12",
            "--ff",
            "1536",
            "--heads",
            "12",
            "--kv-heads",
            "12",
            "--pooling",
            "mean"
        ])
    };
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
