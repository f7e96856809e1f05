/**
 * @module writeFunctions
 * Writes a functions folder for a test from a map of relative paths to sources.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Writes `files` below `dir` (a fresh temp folder by default); answers the folder. */
export function writeFunctions(files: Record<string, string>, dir = mkdtempSync(join(tmpdir(), "kettle-fn-"))): string {
    for (const [name, source] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), source);
    }
    return dir;
}
