/**
 * @module BatchDatabase
 * The embedded SQLite database of batch jobs (better-sqlite3, WAL): the files' metadata, the
 * batches, and one row per input line with its state; and the Responses API's stored responses
 * with their input and output items (ResponseStore). The files' bytes live on disk beside it;
 * a batch's result lines are appended to its output files and their committed length is kept
 * here, in the same transaction as the line's state, so a crash at any moment loses at most the
 * lines in flight.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";

const schemaVersion = 2;

const schema = `
CREATE TABLE IF NOT EXISTS files (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    filename TEXT NOT NULL,
    purpose TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    lines INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER
);
CREATE TABLE IF NOT EXISTS batches (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    endpoint TEXT NOT NULL,
    input_file_id TEXT NOT NULL,
    completion_window TEXT NOT NULL,
    status TEXT NOT NULL,
    metadata TEXT,
    errors TEXT,
    output_file_id TEXT,
    error_file_id TEXT,
    created_at INTEGER NOT NULL,
    in_progress_at INTEGER,
    expires_at INTEGER,
    finalizing_at INTEGER,
    completed_at INTEGER,
    failed_at INTEGER,
    expired_at INTEGER,
    cancelling_at INTEGER,
    cancelled_at INTEGER,
    total INTEGER NOT NULL DEFAULT 0,
    completed INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    output_bytes INTEGER NOT NULL DEFAULT 0,
    error_bytes INTEGER NOT NULL DEFAULT 0,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS batch_lines (
    batch_id TEXT NOT NULL,
    line INTEGER NOT NULL,
    custom_id TEXT NOT NULL,
    model TEXT NOT NULL,
    model_order INTEGER NOT NULL,
    offset INTEGER NOT NULL,
    length INTEGER NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (batch_id, line)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS batch_lines_pending ON batch_lines (batch_id, state, model_order, line);
CREATE TABLE IF NOT EXISTS responses (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    previous_response_id TEXT,
    created_at INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS responses_created ON responses (created_at);
CREATE TABLE IF NOT EXISTS response_items (
    response_id TEXT NOT NULL,
    side TEXT NOT NULL,
    position INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    item TEXT NOT NULL,
    PRIMARY KEY (response_id, side, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS response_items_id ON response_items (item_id);
`;

/** The open database and the folder its files live in. */
export class BatchDatabase {
    readonly db: Database.Database;
    /** Where uploaded and produced files are kept (`files/<id>.jsonl`). */
    readonly filesDir: string;
    /** Where a running batch's result files grow (`work/<batch id>.output.jsonl`). */
    readonly workDir: string;

    private constructor(db: Database.Database, dir: string) {
        this.db = db;
        this.filesDir = join(dir, "files");
        this.workDir = join(dir, "work");
        mkdirSync(this.filesDir, { recursive: true });
        mkdirSync(this.workDir, { recursive: true });
    }

    /** Opens (creating when needed) the database in `dir`. */
    static open(dir: string): BatchDatabase {
        mkdirSync(dir, { recursive: true });
        const db = new Database(join(dir, "batches.db"));
        db.pragma("journal_mode = WAL");
        // WAL with NORMAL survives a killed process (the OS still has the writes); only a power loss may drop the last commits.
        db.pragma("synchronous = NORMAL");
        db.pragma("busy_timeout = 5000");
        const version = db.pragma("user_version", { simple: true }) as number;
        if (version > schemaVersion) {
            db.close();
            throw new Error(
                `${join(dir, "batches.db")} was written by a newer Kettle (schema ${version}; this one knows ${schemaVersion})`
            );
        }
        db.exec(schema);
        db.pragma(`user_version = ${schemaVersion}`);
        return new BatchDatabase(db, dir);
    }

    close(): void {
        this.db.close();
    }
}
