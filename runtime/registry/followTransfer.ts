/**
 * @module followTransfer
 * The progress lines of one download or upload, as Ollama streams them: `{status, digest, total,
 * completed}` every 60 ms while bytes move, and a last one when the transfer is done. The
 * transfer's failure is this generator's failure.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { RequestCanceledError } from "../errors/RequestCanceledError.js";
import type { ProgressResponse } from "../ollama/types.js";

const tickMs = 60;

/** A blob on its way: a BlobDownload or a BlobUpload. */
export type Transfer = {
    readonly done: Promise<void>;
    readonly total: number;
    readonly completed: number;
    /** When set, the first line waits for it, so a resumed download starts from what it kept, not 0. */
    readonly ready?: Promise<void>;
};

export async function* followTransfer(
    download: Transfer,
    status: string,
    digest: string | undefined,
    signal?: AbortSignal
): AsyncGenerator<ProgressResponse> {
    const line = (): ProgressResponse => ({ status, ...(digest ? { digest } : {}), total: download.total, completed: download.completed });
    if (download.ready) {
        await download.ready;
        yield line();
    }
    for (;;) {
        const finished = await Promise.race([
            download.done.then(() => true),
            sleep(tickMs, false, signal ? { signal } : {}).catch(() => {
                throw new RequestCanceledError();
            })
        ]);
        yield line();
        if (finished) return;
    }
}
