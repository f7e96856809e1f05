/**
 * @module FileStore
 * OpenAI's Files: uploaded input files and the output and error files batches produce. The bytes
 * are `files/<id>.jsonl` beside the database; the metadata is a row of the `files` table. A file is
 * written to a temporary name and renamed into place only once whole, so a crash never leaves half
 * a file behind a row.
 */
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ResourceInUseError } from "../errors/ResourceInUseError.js";
import { ResourceNotFoundError } from "../errors/ResourceNotFoundError.js";
import type { BatchDatabase } from "./BatchDatabase.js";
import { runningStatusesSql } from "./BatchStore.js";
import { LineCounter } from "./LineCounter.js";
import { newId } from "../openai/newId.js";

/** Purposes an upload may have (OpenAI's); `batch_output` is only ever written by a batch. */
export const uploadPurposes = ["batch", "user_data", "assistants", "fine-tune", "vision", "evals"] as const;
export type FilePurpose = (typeof uploadPurposes)[number] | "batch_output";

export type FileRecord = {
    id: string;
    filename: string;
    purpose: FilePurpose;
    bytes: number;
    lines: number;
    /** Unix seconds. */
    created_at: number;
    expires_at: number | null;
};

export type FileLimits = { maxBytes: number; maxLines: number };

export type FileList = { data: FileRecord[]; has_more: boolean };

export class FileStore {
    readonly #db: BatchDatabase;
    readonly #limits: FileLimits;
    readonly #retentionMs: number;
    readonly #now: () => number;

    constructor(db: BatchDatabase, limits: FileLimits, retentionMs: number, now: () => number = Date.now) {
        this.#db = db;
        this.#limits = limits;
        this.#retentionMs = retentionMs;
        this.#now = now;
    }

    get limits(): FileLimits {
        return this.#limits;
    }

    /** Where a file's bytes are. */
    pathOf(id: string): string {
        return join(this.#db.filesDir, `${id}.jsonl`);
    }

    /**
     * Streams an upload to disk, counting its bytes (against the limit) and lines, and records it
     * with purpose `batch` (see {@link setPurpose}). Nothing is kept of an upload that fails.
     */
    async receive(body: Readable, filename: string): Promise<FileRecord> {
        const id = newId("file-");
        const partial = join(this.#db.filesDir, `.${id}.part`);
        const counter = new LineCounter(this.#limits.maxBytes);
        try {
            // The counter fails the pipeline (413) as soon as the bytes pass the limit.
            await pipeline(body, counter, createWriteStream(partial));
            renameSync(partial, this.pathOf(id));
        } catch (error) {
            rmSync(partial, { force: true });
            throw error;
        }
        return this.#insert({ id, filename, purpose: "batch", bytes: counter.bytes, lines: counter.lines });
    }

    setPurpose(id: string, purpose: FilePurpose): FileRecord {
        this.#db.db.prepare("UPDATE files SET purpose = ? WHERE id = ?").run(purpose, id);
        return this.get(id);
    }

    /**
     * Records a file a batch wrote at `path`, moved into the store under `id`. The id is known
     * before, so a retry after a crash between the move and the record finds the moved file.
     * Answers undefined when there is nothing to record (an empty or absent result file).
     */
    adoptAs(id: string, path: string, filename: string, lines: number): FileRecord | undefined {
        if (existsSync(path)) {
            if (statSync(path).size === 0) {
                rmSync(path);
                return this.has(id) ? this.get(id) : undefined;
            }
            renameSync(path, this.pathOf(id));
        }
        if (this.has(id)) return this.get(id);
        if (!existsSync(this.pathOf(id))) return undefined;
        return this.#insert({ id, filename, purpose: "batch_output", bytes: statSync(this.pathOf(id)).size, lines });
    }

    has(id: string): boolean {
        return this.#db.db.prepare("SELECT 1 FROM files WHERE id = ?").get(id) !== undefined;
    }

    get(id: string): FileRecord {
        const row = this.#db.db
            .prepare("SELECT id, filename, purpose, bytes, lines, created_at, expires_at FROM files WHERE id = ?")
            .get(id) as FileRecord | undefined;
        if (!row) throw new ResourceNotFoundError("File", id);
        return row;
    }

    /** The file's bytes, streamed. */
    content(id: string): Readable {
        this.get(id);
        return createReadStream(this.pathOf(id));
    }

    /** A page of files, newest first by default; `after` is the id the previous page ended with. */
    list(options: { after?: string | undefined; limit: number; order: "asc" | "desc"; purpose?: string | undefined }): FileList {
        const { after, limit, order, purpose } = options;
        const conditions: string[] = [];
        const values: unknown[] = [];
        if (after !== undefined) {
            const cursor = this.#db.db.prepare("SELECT seq FROM files WHERE id = ?").get(after) as { seq: number } | undefined;
            if (!cursor) throw new ResourceNotFoundError("File", after);
            conditions.push(order === "asc" ? "seq > ?" : "seq < ?");
            values.push(cursor.seq);
        }
        if (purpose !== undefined) {
            conditions.push("purpose = ?");
            values.push(purpose);
        }
        const where = conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "";
        const rows = this.#db.db
            .prepare(
                `SELECT id, filename, purpose, bytes, lines, created_at, expires_at FROM files ${where} ORDER BY seq ${order === "asc" ? "ASC" : "DESC"} LIMIT ?`
            )
            .all(...values, limit + 1) as FileRecord[];
        return { data: rows.slice(0, limit), has_more: rows.length > limit };
    }

    /** Deletes a file; one a batch still reads or writes is refused (409). */
    delete(id: string): void {
        this.get(id);
        const user = this.#db.db
            .prepare(`SELECT id FROM batches WHERE input_file_id = ? AND status IN (${runningStatusesSql}) LIMIT 1`)
            .get(id) as { id: string } | undefined;
        if (user) throw new ResourceInUseError(`file ${id} is the input of ${user.id}, which is still running; cancel it first`);
        this.#db.db.prepare("DELETE FROM files WHERE id = ?").run(id);
        rmSync(this.pathOf(id), { force: true });
    }

    /** Deletes the files past their expiry that no running batch uses; answers how many. */
    deleteExpired(): number {
        const nowSeconds = Math.floor(this.#now() / 1000);
        const expired = this.#db.db
            .prepare(
                `SELECT id FROM files WHERE expires_at IS NOT NULL AND expires_at <= ? AND id NOT IN
                 (SELECT input_file_id FROM batches WHERE status IN (${runningStatusesSql}))`
            )
            .all(nowSeconds) as { id: string }[];
        for (const { id } of expired) {
            this.#db.db.prepare("DELETE FROM files WHERE id = ?").run(id);
            rmSync(this.pathOf(id), { force: true });
        }
        return expired.length;
    }

    #insert(file: Omit<FileRecord, "created_at" | "expires_at">): FileRecord {
        const created = Math.floor(this.#now() / 1000);
        const expires = Number.isFinite(this.#retentionMs) ? created + Math.floor(this.#retentionMs / 1000) : null;
        const record: FileRecord = { ...file, created_at: created, expires_at: expires };
        this.#db.db
            .prepare(
                "INSERT INTO files (id, filename, purpose, bytes, lines, created_at, expires_at) VALUES (@id, @filename, @purpose, @bytes, @lines, @created_at, @expires_at)"
            )
            .run(record);
        return record;
    }
}
