/**
 * @module ResponseStore
 * Stored responses (`store: true`, the default), in the database batch jobs use: each response
 * object with the items of its turn, input and output, in order. A `previous_response_id` chain is
 * the conversation: every earlier turn's input and output items, oldest first. Deleting a response
 * deletes its own items; a later turn that continued from it keeps only what comes after it.
 * Responses past `responses.retention` are deleted by {@link deleteCreatedBefore}.
 */
import type { BatchDatabase } from "../batches/BatchDatabase.js";
import type { ResponseItem, ResponseObject } from "./types.js";

type Side = "input" | "output";

const sweepMs = 3_600_000;

export class ResponseStore {
    readonly #db: BatchDatabase;
    #sweeper: NodeJS.Timeout | undefined;

    constructor(db: BatchDatabase) {
        this.#db = db;
    }

    /** Deletes responses older than `retentionMs` now and hourly, until {@link stopRetention}. */
    startRetention(retentionMs: number, now: () => number = Date.now): void {
        if (!Number.isFinite(retentionMs)) return;
        const sweep = () => this.deleteCreatedBefore(Math.floor((now() - retentionMs) / 1000));
        sweep();
        this.#sweeper = setInterval(sweep, sweepMs);
        this.#sweeper.unref();
    }

    stopRetention(): void {
        clearInterval(this.#sweeper);
    }

    /** Saves a response and its turn's items together (replacing an earlier save of the same response). */
    save(response: ResponseObject, input: ResponseItem[]): void {
        const db = this.#db.db;
        const insertItem = db.prepare("INSERT INTO response_items (response_id, side, position, item_id, item) VALUES (?, ?, ?, ?, ?)");
        db.transaction(() => {
            this.#deleteRows(response.id);
            db.prepare("INSERT INTO responses (id, previous_response_id, created_at, body) VALUES (?, ?, ?, ?)").run(
                response.id,
                response.previous_response_id,
                response.created_at,
                JSON.stringify(response)
            );
            const sides: [Side, ResponseItem[]][] = [
                ["input", input],
                ["output", response.output]
            ];
            for (const [side, items] of sides)
                items.forEach((item, i) => insertItem.run(response.id, side, i, item.id, JSON.stringify(item)));
        })();
    }

    get(id: string): ResponseObject | undefined {
        const row = this.#db.db.prepare("SELECT body FROM responses WHERE id = ?").get(id) as { body: string } | undefined;
        return row ? (JSON.parse(row.body) as ResponseObject) : undefined;
    }

    /** False when there was no such response. */
    delete(id: string): boolean {
        return this.#db.db.transaction(() => this.#deleteRows(id))();
    }

    /** The conversation up to and including `id`'s turn: each turn's input, then its output, oldest turn first. */
    conversation(id: string): ResponseItem[] {
        const turns: ResponseItem[][] = [];
        let at: string | null = id;
        const seen = new Set<string>();
        while (at && !seen.has(at)) {
            seen.add(at);
            const row = this.#db.db.prepare("SELECT previous_response_id FROM responses WHERE id = ?").get(at) as
                { previous_response_id: string | null } | undefined;
            if (!row) break;
            turns.unshift([...this.#items(at, "input"), ...this.#items(at, "output")]);
            at = row.previous_response_id;
        }
        return turns.flat();
    }

    /** A page of a response's input items (`GET /v1/responses/{id}/input_items`); `order` as OpenAI's, newest first by default. */
    inputItems(
        id: string,
        options: { after?: string | undefined; limit: number; order: "asc" | "desc" }
    ): { data: ResponseItem[]; has_more: boolean } {
        const items = this.#items(id, "input");
        if (options.order === "desc") items.reverse();
        let start = 0;
        if (options.after !== undefined) {
            const index = items.findIndex((item) => item.id === options.after);
            start = index < 0 ? items.length : index + 1;
        }
        const data = items.slice(start, start + options.limit);
        return { data, has_more: start + options.limit < items.length };
    }

    /** The newest stored item with this id (for `item_reference`). */
    findItem(itemId: string): ResponseItem | undefined {
        const row = this.#db.db
            .prepare(
                `SELECT item FROM response_items JOIN responses ON responses.id = response_items.response_id
                 WHERE item_id = ? ORDER BY responses.seq DESC LIMIT 1`
            )
            .get(itemId) as { item: string } | undefined;
        return row ? (JSON.parse(row.item) as ResponseItem) : undefined;
    }

    /** Deletes responses created before `cutoff` (Unix seconds); answers how many. */
    deleteCreatedBefore(cutoff: number): number {
        const rows = this.#db.db.prepare("SELECT id FROM responses WHERE created_at < ?").all(cutoff) as { id: string }[];
        this.#db.db.transaction(() => {
            for (const { id } of rows) this.#deleteRows(id);
        })();
        return rows.length;
    }

    #items(id: string, side: Side): ResponseItem[] {
        const rows = this.#db.db
            .prepare("SELECT item FROM response_items WHERE response_id = ? AND side = ? ORDER BY position")
            .all(id, side) as { item: string }[];
        return rows.map((row) => JSON.parse(row.item) as ResponseItem);
    }

    #deleteRows(id: string): boolean {
        this.#db.db.prepare("DELETE FROM response_items WHERE response_id = ?").run(id);
        return this.#db.db.prepare("DELETE FROM responses WHERE id = ?").run(id).changes > 0;
    }
}
