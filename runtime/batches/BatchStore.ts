/**
 * @module BatchStore
 * The batches and their lines in the {@link BatchDatabase}: creation, the status machine with its
 * timestamps, and the lines' states. A line's result is committed with {@link commitLine}: the
 * bytes go to the batch's output (or error) file at the length last committed, then the line's
 * state, the counts and the new length are committed in one transaction. On restart the files are
 * cut back to the committed lengths and the lines still pending run again, so each line's result
 * is in the files exactly once.
 */
import { closeSync, constants, ftruncateSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { ResourceInUseError } from "../errors/ResourceInUseError.js";
import { ResourceNotFoundError } from "../errors/ResourceNotFoundError.js";
import type { BatchDatabase } from "./BatchDatabase.js";
import { newId } from "../openai/newId.js";

export type BatchStatus = "validating" | "failed" | "in_progress" | "finalizing" | "completed" | "expired" | "cancelling" | "cancelled";

export type BatchError = { code: string; message: string; param: string | null; line: number | null };

export type BatchRow = {
    id: string;
    endpoint: string;
    input_file_id: string;
    completion_window: string;
    status: BatchStatus;
    metadata: string | null;
    errors: string | null;
    output_file_id: string | null;
    error_file_id: string | null;
    created_at: number;
    in_progress_at: number | null;
    expires_at: number | null;
    finalizing_at: number | null;
    completed_at: number | null;
    failed_at: number | null;
    expired_at: number | null;
    cancelling_at: number | null;
    cancelled_at: number | null;
    total: number;
    completed: number;
    failed: number;
    output_bytes: number;
    error_bytes: number;
    input_tokens: number;
    output_tokens: number;
};

/** One validated input line: where its JSON is in the input file, and the model it names. */
export type BatchLine = { line: number; custom_id: string; model: string; offset: number; length: number };

/** Where a line's result goes: the output file (it succeeded) or the error file. */
export type LineOutcome = { ok: boolean; bytes: Buffer; inputTokens: number; outputTokens: number };

/** The statuses a batch leaves only by running to its end. */
export const runningStatuses: readonly BatchStatus[] = ["validating", "in_progress", "finalizing", "cancelling"];

/** {@link runningStatuses} as an SQL list, for `status IN (…)` (constants: nothing to bind). */
export const runningStatusesSql = runningStatuses.map((status) => `'${status}'`).join(", ");

const windowSeconds = 24 * 3600;

export class BatchStore {
    readonly #db: BatchDatabase;
    readonly #now: () => number;
    /** Open result files by batch id: [output, errors]. */
    readonly #open = new Map<string, [number, number]>();

    constructor(db: BatchDatabase, now: () => number = Date.now) {
        this.#db = db;
        this.#now = now;
    }

    /** Unix seconds now. */
    now(): number {
        return Math.floor(this.#now() / 1000);
    }

    create(request: {
        endpoint: string;
        input_file_id: string;
        completion_window: string;
        metadata: Record<string, string> | null;
    }): BatchRow {
        const id = newId("batch_");
        const created = this.now();
        this.#db.db
            .prepare(
                `INSERT INTO batches (id, endpoint, input_file_id, completion_window, status, metadata, created_at, expires_at)
                 VALUES (?, ?, ?, ?, 'validating', ?, ?, ?)`
            )
            .run(
                id,
                request.endpoint,
                request.input_file_id,
                request.completion_window,
                request.metadata ? JSON.stringify(request.metadata) : null,
                created,
                created + windowSeconds
            );
        return this.get(id);
    }

    get(id: string): BatchRow {
        const row = this.#db.db.prepare("SELECT * FROM batches WHERE id = ?").get(id) as BatchRow | undefined;
        if (!row) throw new ResourceNotFoundError("Batch", id);
        return row;
    }

    /** A page of batches, newest first; `after` is the id the previous page ended with. */
    list(options: { after?: string | undefined; limit: number }): { data: BatchRow[]; has_more: boolean } {
        let rows: BatchRow[];
        if (options.after !== undefined) {
            const cursor = this.#db.db.prepare("SELECT seq FROM batches WHERE id = ?").get(options.after) as { seq: number } | undefined;
            if (!cursor) throw new ResourceNotFoundError("Batch", options.after);
            rows = this.#db.db
                .prepare("SELECT * FROM batches WHERE seq < ? ORDER BY seq DESC LIMIT ?")
                .all(cursor.seq, options.limit + 1) as BatchRow[];
        } else {
            rows = this.#db.db.prepare("SELECT * FROM batches ORDER BY seq DESC LIMIT ?").all(options.limit + 1) as BatchRow[];
        }
        return { data: rows.slice(0, options.limit), has_more: rows.length > options.limit };
    }

    /** Ids of the batches not yet at an end, oldest first (what a runner picks up after a restart). */
    unfinished(): string[] {
        const rows = this.#db.db.prepare(`SELECT id FROM batches WHERE status IN (${runningStatusesSql}) ORDER BY seq`).all() as {
            id: string;
        }[];
        return rows.map((row) => row.id);
    }

    /** Validation passed: the lines are recorded, in the order their models first appear, and the batch runs. */
    start(id: string, lines: readonly BatchLine[]): void {
        const models = new Map<string, number>();
        for (const line of lines) if (!models.has(line.model)) models.set(line.model, models.size);
        const insert = this.#db.db.prepare(
            "INSERT INTO batch_lines (batch_id, line, custom_id, model, model_order, offset, length, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')"
        );
        this.#db.db.transaction(() => {
            for (const line of lines)
                insert.run(id, line.line, line.custom_id, line.model, models.get(line.model)!, line.offset, line.length);
            this.#db.db
                .prepare("UPDATE batches SET status = 'in_progress', in_progress_at = ?, total = ? WHERE id = ? AND status = 'validating'")
                .run(this.now(), lines.length, id);
        })();
    }

    /** Validation failed: nothing runs. */
    fail(id: string, errors: readonly BatchError[]): void {
        this.#db.db
            .prepare("UPDATE batches SET status = 'failed', failed_at = ?, errors = ? WHERE id = ?")
            .run(this.now(), JSON.stringify({ object: "list", data: errors }), id);
    }

    /** The lines still to run, model by model, in file order within a model. */
    pendingLines(id: string): BatchLine[] {
        return this.#db.db
            .prepare(
                "SELECT line, custom_id, model, offset, length FROM batch_lines WHERE batch_id = ? AND state = 'pending' ORDER BY model_order, line"
            )
            .all(id) as BatchLine[];
    }

    /** Cancel: a running batch goes to `cancelling` (its runner ends it); one at an end cannot be cancelled. */
    cancel(id: string): BatchRow {
        const row = this.get(id);
        if (row.status === "cancelling" || row.status === "cancelled") return row;
        if (!["validating", "in_progress"].includes(row.status)) {
            throw new ResourceInUseError(`cannot cancel a batch with status ${row.status}`);
        }
        this.#db.db.prepare("UPDATE batches SET status = 'cancelling', cancelling_at = ? WHERE id = ?").run(this.now(), id);
        return this.get(id);
    }

    setStatus(id: string, status: "finalizing" | "completed" | "expired" | "cancelled"): void {
        const stamp = `${status}_at`;
        this.#db.db.prepare(`UPDATE batches SET status = ?, ${stamp} = COALESCE(${stamp}, ?) WHERE id = ?`).run(status, this.now(), id);
    }

    /** Where a batch's results grow until it finalizes. */
    workPaths(id: string): { output: string; errors: string } {
        return { output: join(this.#db.workDir, `${id}.output.jsonl`), errors: join(this.#db.workDir, `${id}.errors.jsonl`) };
    }

    /** Opens a batch's result files, cut back to what was committed (a crash may have left a line half written). */
    openResults(id: string): void {
        if (this.#open.has(id)) return;
        const row = this.get(id);
        const paths = this.workPaths(id);
        // Read-write, created when missing; writes go at explicit offsets (commitLine), so not in append mode.
        const open = (path: string, committed: number) => {
            const fd = openSync(path, constants.O_RDWR | constants.O_CREAT);
            ftruncateSync(fd, committed);
            return fd;
        };
        this.#open.set(id, [open(paths.output, row.output_bytes), open(paths.errors, row.error_bytes)]);
    }

    closeResults(id: string): void {
        const fds = this.#open.get(id);
        if (!fds) return;
        for (const fd of fds) closeSync(fd);
        this.#open.delete(id);
    }

    /** Writes one line's result and commits it (see the module's comment). */
    commitLine(id: string, line: number, outcome: LineOutcome): void {
        const fds = this.#open.get(id);
        if (!fds) throw new Error(`the results of ${id} are not open`);
        const row = this.#db.db.prepare("SELECT output_bytes, error_bytes FROM batches WHERE id = ?").get(id) as Pick<
            BatchRow,
            "output_bytes" | "error_bytes"
        >;
        const at = outcome.ok ? row.output_bytes : row.error_bytes;
        let written = 0;
        while (written < outcome.bytes.length)
            written += writeSync(outcome.ok ? fds[0] : fds[1], outcome.bytes, written, outcome.bytes.length - written, at + written);
        this.#db.db.transaction(() => {
            this.#db.db
                .prepare("UPDATE batch_lines SET state = ? WHERE batch_id = ? AND line = ?")
                .run(outcome.ok ? "completed" : "failed", id, line);
            this.#db.db
                .prepare(
                    outcome.ok
                        ? "UPDATE batches SET completed = completed + 1, output_bytes = output_bytes + ?, input_tokens = input_tokens + ?, output_tokens = output_tokens + ? WHERE id = ?"
                        : "UPDATE batches SET failed = failed + 1, error_bytes = error_bytes + ?, input_tokens = input_tokens + ?, output_tokens = output_tokens + ? WHERE id = ?"
                )
                .run(outcome.bytes.length, outcome.inputTokens, outcome.outputTokens, id);
        })();
    }

    /** Records the produced files once they are in the file store. */
    setResultFiles(id: string, outputFileId: string | null, errorFileId: string | null): void {
        this.#db.db.prepare("UPDATE batches SET output_file_id = ?, error_file_id = ? WHERE id = ?").run(outputFileId, errorFileId, id);
    }

    /** Lines done, failed and pending, by model, over the batches still running (for `/api/stats`). */
    lineCounts(): { model: string; completed: number; failed: number; pending: number }[] {
        return this.#db.db
            .prepare(
                `SELECT model,
                        SUM(state = 'completed') AS completed, SUM(state = 'failed') AS failed, SUM(state = 'pending') AS pending
                 FROM batch_lines WHERE batch_id IN (SELECT id FROM batches WHERE status IN (${runningStatusesSql}))
                 GROUP BY model ORDER BY model`
            )
            .all() as { model: string; completed: number; failed: number; pending: number }[];
    }

    /** Deletes batches that ended before `cutoff` (Unix seconds), with their lines; answers their ids. */
    deleteEndedBefore(cutoff: number): string[] {
        const rows = this.#db.db
            .prepare(
                `SELECT id FROM batches WHERE status NOT IN (${runningStatusesSql})
                 AND COALESCE(completed_at, failed_at, expired_at, cancelled_at, created_at) <= ?`
            )
            .all(cutoff) as { id: string }[];
        this.#db.db.transaction(() => {
            for (const { id } of rows) {
                this.#db.db.prepare("DELETE FROM batch_lines WHERE batch_id = ?").run(id);
                this.#db.db.prepare("DELETE FROM batches WHERE id = ?").run(id);
            }
        })();
        return rows.map((row) => row.id);
    }
}
