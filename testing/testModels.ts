/**
 * @module testModels
 * Paths of the real tiny GGUF models in `../shared/models` (beside the repository, in CI too), a
 * helper that makes broken copies of them for the bad-input tests, and one that makes random-weight models.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** dist/testing/testModels.js → the repository root is two folders up; shared/ sits beside it. */
export const sharedModelsDir = fileURLToPath(new URL("../../../shared/models/", import.meta.url));

export const testModels = {
    plain: join(sharedModelsDir, "stories260K.gguf"),
    chatml: join(sharedModelsDir, "stories260K-chatml.gguf"),
    zephyr: join(sharedModelsDir, "stories260K-zephyr.gguf"),
    embed: join(sharedModelsDir, "stories260K-embed-mean.gguf")
} as const;

const makeGguf = fileURLToPath(new URL("../../../shared/tools/make-gguf.mjs", import.meta.url));

/**
 * A tiny random-weight GGUF (dim 64, 2 layers, F32) made with ../shared/tools/make-gguf.mjs in a
 * fresh temp folder; `args` adds or overrides its options. Same arguments, same file.
 */
export function randomModel(args: string[] = []): string {
    const out = join(mkdtempSync(join(tmpdir(), "kettle-random-")), "random.gguf");
    const shape = ["--dim", "64", "--layers", "2", "--heads", "4", "--kv-heads", "4", "--type", "f32"];
    execFileSync(process.execPath, [makeGguf, "--out", out, ...shape, ...args], { stdio: "pipe" });
    return out;
}

/** A fresh temp folder holding a copy of a model plus broken variants of it. */
export function brokenModels(): {
    dir: string;
    good: string;
    truncatedData: string;
    truncatedHeader: string;
    wrongMagic: string;
    empty: string;
} {
    const dir = mkdtempSync(join(tmpdir(), "kettle-gguf-"));
    const bytes = readFileSync(testModels.plain);
    const good = join(dir, "good.gguf");
    copyFileSync(testModels.plain, good);
    const files = {
        truncatedData: bytes.subarray(0, Math.floor(bytes.length / 2)),
        truncatedHeader: bytes.subarray(0, 5000),
        wrongMagic: Buffer.concat([Buffer.from("GGUX"), bytes.subarray(4)]),
        empty: Buffer.alloc(0)
    };
    const paths = Object.fromEntries(
        Object.entries(files).map(([name, content]) => {
            const path = join(dir, `${name}.gguf`);
            writeFileSync(path, content);
            return [name, path];
        })
    ) as Record<keyof typeof files, string>;
    return { dir, good, ...paths };
}
