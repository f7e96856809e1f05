/**
 * @module snapshotFiles
 * Every file and folder under a directory with its size and modification time, except the
 * subtrees named in `skip`: comparing two snapshots shows what a process wrote there.
 */
import { lstatSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

export function snapshotFiles(root: string, skip: readonly string[] = []): Map<string, string> {
    const entries = new Map<string, string>();
    const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
            const path = join(dir, name);
            if (skip.includes(path)) continue;
            const info = lstatSync(path);
            const key = relative(root, path);
            if (info.isDirectory()) {
                entries.set(`${key}/`, "dir");
                walk(path);
            } else {
                entries.set(key, `${info.isSymbolicLink() ? "link" : "file"} ${info.size} ${info.mtimeMs}`);
            }
        }
    };
    walk(root);
    return entries;
}

/** What differs between two snapshots, one line per path. */
export function diffSnapshots(before: Map<string, string>, after: Map<string, string>): string[] {
    const changes: string[] = [];
    for (const [path, state] of after) {
        const was = before.get(path);
        if (was === undefined) changes.push(`added ${path}`);
        else if (was !== state) changes.push(`changed ${path}`);
    }
    for (const path of before.keys()) if (!after.has(path)) changes.push(`removed ${path}`);
    return changes;
}
