/**
 * @module atomicWriteFile
 * Writes a file so that readers (and a crash) only ever see the old content or the whole new one:
 * a temp file beside the target, fsync, rename over the target, fsync the directory.
 */
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname, basename, join } from "node:path";
import { randomBytes } from "node:crypto";

/** A temp name in the same directory (so rename stays on one file system) that pruning recognises. */
export function tempPathFor(target: string): string {
    return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
}

export async function atomicWriteFile(target: string, data: string | Uint8Array): Promise<void> {
    const temp = tempPathFor(target);
    try {
        const handle = await openInFreshDirectory(temp);
        try {
            await handle.writeFile(data);
            await handle.sync();
        } finally {
            await handle.close();
        }
        await rename(temp, target);
    } catch (error) {
        await rm(temp, { force: true });
        throw error;
    }
    await syncDirectory(dirname(target));
}

/**
 * Creates the temp file, making its directory first. A delete in another process removes manifest
 * folders it emptied, possibly between our mkdir and open: then the folder is made again (a few
 * times). Within this process, ModelStore.exclusive keeps deletes and manifest writes apart.
 */
async function openInFreshDirectory(temp: string) {
    for (let attempt = 1; ; attempt++) {
        try {
            // mkdir too fails with ENOENT when a parent it has just made is removed under it.
            await mkdir(dirname(temp), { recursive: true });
            return await open(temp, "wx", 0o644);
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "ENOENT" || attempt >= 5) throw error;
        }
    }
}

/** Makes a rename durable. Some file systems refuse to open directories for sync; that is not an error. */
export async function syncDirectory(dir: string): Promise<void> {
    let handle;
    try {
        handle = await open(dir, "r");
        await handle.sync();
    } catch {
        // best effort: the rename itself is already atomic
    } finally {
        await handle?.close();
    }
}
