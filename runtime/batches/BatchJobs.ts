/**
 * @module BatchJobs
 * Batch jobs as the control plane holds them: the database in `batches.path`, the files, the
 * batches, and the runner, which is attached once the server can run lines (its executor needs
 * the dispatcher). Files and ended batches past `batches.retention` are deleted now and hourly.
 */
import type { BatchesConfig } from "../../config/Config.js";
import { BatchDatabase } from "./BatchDatabase.js";
import { BatchRunner, type LineExecutor } from "./BatchRunner.js";
import { BatchStore } from "./BatchStore.js";
import { FileStore } from "./FileStore.js";

const sweepMs = 3_600_000;

export class BatchJobs {
    readonly files: FileStore;
    readonly batches: BatchStore;
    readonly #db: BatchDatabase;
    readonly #config: BatchesConfig;
    #runner: BatchRunner | undefined;
    #sweeper: NodeJS.Timeout | undefined;

    private constructor(db: BatchDatabase, config: BatchesConfig) {
        this.#db = db;
        this.#config = config;
        this.files = new FileStore(db, { maxBytes: config.maxFileBytes, maxLines: config.maxFileLines }, config.retention);
        this.batches = new BatchStore(db);
    }

    static open(config: BatchesConfig): BatchJobs {
        return new BatchJobs(BatchDatabase.open(config.path), config);
    }

    /** The database, which stored responses share (ResponseStore). */
    get database(): BatchDatabase {
        return this.#db;
    }

    get runner(): BatchRunner {
        if (!this.#runner) throw new Error("batch jobs have no runner yet");
        return this.#runner;
    }

    /** Gives the jobs their way to the models; unfinished batches carry on once {@link start} is called. */
    attach(executor: LineExecutor, log?: (message: string) => void): void {
        this.#runner = new BatchRunner(this.batches, this.files, executor, { maxSlots: this.#config.maxSlots, ...(log ? { log } : {}) });
    }

    /** Resumes what a previous run left unfinished, and starts the retention sweep. */
    start(): void {
        this.sweep();
        this.#sweeper = setInterval(() => this.sweep(), sweepMs);
        this.#sweeper.unref();
        this.runner.resume();
    }

    /** Deletes what is older than the retention. */
    sweep(): void {
        if (!Number.isFinite(this.#config.retention)) return;
        this.batches.deleteEndedBefore(this.batches.now() - Math.floor(this.#config.retention / 1000));
        this.files.deleteExpired();
    }

    async close(): Promise<void> {
        clearInterval(this.#sweeper);
        await this.#runner?.close();
        this.#db.close();
    }
}
