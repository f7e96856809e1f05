/**
 * @module SharedDownloads
 * One download per blob, however many pulls want it (Ollama's blobDownloadManager): a second pull
 * of the same layer joins the download in flight and sees the same progress. The download runs as
 * long as someone waits for it; when the last one leaves (client gone, pull cancelled) it stops, its
 * part state saved, and the next pull resumes it. Verification is shared the same way, so two pulls
 * never hash and rename the same file at once.
 */
import { RequestCanceledError } from "../errors/RequestCanceledError.js";
import type { BlobDownload } from "./BlobDownload.js";

export type DownloadLease = {
    readonly download: BlobDownload;
    /** Stops waiting; the download stops too when this was its last waiter. Idempotent. */
    release(): void;
};

type Job = { download: BlobDownload; controller: AbortController; waiters: number };

export class SharedDownloads {
    readonly #jobs = new Map<string, Job>();
    readonly #verifications = new Map<string, Promise<unknown>>();
    /** Every download not yet settled, stopped ones included (they still save their part state). */
    readonly #running = new Set<Promise<void>>();

    /** Joins the download into `partialPath`, or starts it with `start`. */
    join(partialPath: string, start: (signal: AbortSignal) => BlobDownload): DownloadLease {
        let job = this.#jobs.get(partialPath);
        if (!job) {
            const controller = new AbortController();
            const created: Job = { download: start(controller.signal), controller, waiters: 0 };
            job = created;
            this.#jobs.set(partialPath, created);
            const running = created.download.done.catch(() => undefined);
            this.#running.add(running);
            void running.then(() => this.#running.delete(running));
            void created.download.done.then(
                () => this.#forget(partialPath, created),
                () => this.#forget(partialPath, created)
            );
        }
        const joined = job;
        joined.waiters++;
        let released = false;
        return {
            download: joined.download,
            release: () => {
                if (released) return;
                released = true;
                if (--joined.waiters > 0) return;
                this.#forget(partialPath, joined);
                joined.controller.abort(new RequestCanceledError());
            }
        };
    }

    /** Runs `verify` for `partialPath` unless a run is already in flight, whose result is then shared. */
    verify<T>(partialPath: string, verify: () => Promise<T>): Promise<T> {
        const running = this.#verifications.get(partialPath) as Promise<T> | undefined;
        if (running) return running;
        const promise = verify().finally(() => this.#verifications.delete(partialPath));
        this.#verifications.set(partialPath, promise);
        return promise;
    }

    /** Resolves once every download started so far has settled and saved its state (a process about to exit waits for it). */
    async settled(): Promise<void> {
        await Promise.all([...this.#running]);
    }

    /** Downloads in flight, for tests and stats. */
    get active(): number {
        return this.#jobs.size;
    }

    #forget(partialPath: string, job: Job): void {
        if (this.#jobs.get(partialPath) === job) this.#jobs.delete(partialPath);
    }
}
