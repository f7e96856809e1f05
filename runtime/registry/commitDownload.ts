/**
 * @module commitDownload
 * The "verifying sha256 digest" step: a finished partial file is hashed and becomes a blob only if
 * it is what was asked for. A mismatch deletes the bytes and their part state (resuming them would
 * only rebuild the same wrong file) and fails with Ollama's message.
 */
import { DigestMismatchError } from "../errors/DigestMismatchError.js";
import { RegistryError } from "../errors/RegistryError.js";
import type { Digest } from "../store/Digest.js";
import type { BlobWrite, ModelStore } from "../store/ModelStore.js";
import { removeDownloadState } from "./BlobDownload.js";

export async function commitDownload(store: ModelStore, partialPath: string, expected?: Digest): Promise<BlobWrite> {
    try {
        const blob = await store.adoptFile(partialPath, expected);
        await removeDownloadState(partialPath);
        return blob;
    } catch (error) {
        if (error instanceof DigestMismatchError) {
            await removeDownloadState(partialPath);
            throw new RegistryError(
                `digest mismatch, file must be downloaded again: expected ${error.expected}, the download hashes to ${error.actual}`
            );
        }
        // Another Kettle process sharing the store may have committed the same download first.
        const size = expected === undefined ? undefined : await store.blobSize(expected);
        if (expected !== undefined && size !== undefined) return { digest: expected, size, created: false };
        throw error;
    }
}
