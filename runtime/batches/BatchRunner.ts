/**
 * @module BatchRunner
 * Runs batches: validates a new batch's input, then runs its lines model by model (so models are
 * not loaded and evicted in turn), keeping as many lines in flight as the model has sequences (or
 * `maxSlots`), each line's result committed as it ends. Lines reach the model through a
 * {@link LineExecutor}: in the server, at batch priority, so interactive requests always get the
 * next free sequence. Cancel aborts the lines in flight and keeps what completed; a batch still
 * running when its window closes ends `expired`. Unrun lines of either go to the error file.
 * After a restart {@link resume} picks every unfinished batch up where its commits left it.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readSync } from "node:fs";
import type { BatchLine, BatchStore } from "./BatchStore.js";
import type { FileStore } from "./FileStore.js";
import { LinePreemptedError } from "./LinePreemptedError.js";
import { newId } from "../openai/newId.js";
import { validateBatchInput } from "./validateBatchInput.js";

/** One line's request, as the endpoint would receive it without streaming. */
export type LineRequest = { endpoint: string; model: string; body: Record<string, unknown>; signal: AbortSignal };
/** The endpoint's answer: its status and JSON body. */
export type LineResponse = { status: number; body: unknown };

export interface LineExecutor {
    run(request: LineRequest): Promise<LineResponse>;
    /** Sequences the model has (its parallel slots over all replicas): how many lines keep it busy. */
    slots(model: string): Promise<number>;
    modelExists(model: string): Promise<boolean>;
}

export type BatchRunnerOptions = {
    /** Most lines of one batch in flight at once; 0 = as many as the model has sequences. */
    maxSlots: number;
    log?: (message: string) => void;
    /** The clock the completion window is measured on (a test seam). */
    now?: () => number;
};

type Running = {
    controller: AbortController;
    done: Promise<void>;
    expiryTimer: NodeJS.Timeout | undefined;
    ending?: "cancelled" | "expired";
};

export class BatchRunner {
    readonly #store: BatchStore;
    readonly #files: FileStore;
    readonly #executor: LineExecutor;
    readonly #options: BatchRunnerOptions;
    readonly #running = new Map<string, Running>();
    /** Batches run one after another, in the order they were created: each one's lines fill the slots. */
    #chain: Promise<void> = Promise.resolve();
    #closed = false;
    /** Lines this runner ended since the server started. */
    #counts = { completed: 0, failed: 0, preempted: 0 };

    constructor(store: BatchStore, files: FileStore, executor: LineExecutor, options: BatchRunnerOptions) {
        this.#store = store;
        this.#files = files;
        this.#executor = executor;
        this.#options = options;
    }

    /** Picks up every batch a previous run left unfinished. */
    resume(): void {
        for (const id of this.#store.unfinished()) this.submit(id);
    }

    /** Queues a batch (validating or picked up again) to run after those before it. */
    submit(id: string): Promise<void> {
        const already = this.#running.get(id);
        if (already) return already.done;
        const controller = new AbortController();
        const running: Running = { controller, done: Promise.resolve(), expiryTimer: undefined };
        this.#running.set(id, running);
        running.done = this.#chain
            .then(() => this.#runBatch(id, running))
            .catch((error: unknown) => {
                this.#options.log?.(`batch ${id}: ${error instanceof Error ? error.message : String(error)}`);
            });
        this.#chain = running.done;
        return running.done;
    }

    /** Marks a batch cancelling and stops its lines; it ends `cancelled` with what completed. */
    cancel(id: string): void {
        this.#store.cancel(id);
        const running = this.#running.get(id);
        if (running) {
            running.ending = "cancelled";
            running.controller.abort();
        }
    }

    /** Stops every batch's lines (left pending, to run again after a restart) and waits for them. */
    async close(): Promise<void> {
        this.#closed = true;
        for (const running of this.#running.values()) running.controller.abort();
        await Promise.all([...this.#running.values()].map((running) => running.done));
    }

    /** What `/api/stats` shows: lines ended (and preempted) since start, and the running batches' lines by model. */
    stats(): { running: number; completed: number; failed: number; preempted: number; models: ReturnType<BatchStore["lineCounts"]> } {
        return { running: this.#running.size, ...this.#counts, models: this.#store.lineCounts() };
    }

    async #runBatch(id: string, running: Running): Promise<void> {
        try {
            if (this.#closed) return;
            let row = this.#store.get(id);
            if (row.status === "validating") {
                const input = this.#files.pathOf(row.input_file_id);
                if (!existsSync(input)) {
                    this.#store.fail(id, [
                        { code: "file_not_found", message: `input file ${row.input_file_id} is gone`, param: "input_file_id", line: null }
                    ]);
                    return;
                }
                const { lines, errors } = await validateBatchInput(input, row.endpoint, (model) => this.#executor.modelExists(model));
                if (errors.length > 0) {
                    this.#store.fail(id, errors);
                    return;
                }
                this.#store.start(id, lines);
                row = this.#store.get(id);
            }
            if (row.status === "cancelling") running.ending = "cancelled";
            if (row.status === "in_progress" || row.status === "cancelling") {
                const leftMs = (row.expires_at ?? Infinity) * 1000 - (this.#options.now ?? Date.now)();
                if (leftMs <= 0) running.ending ??= "expired";
                else if (Number.isFinite(leftMs)) {
                    running.expiryTimer = setTimeout(() => {
                        running.ending ??= "expired";
                        running.controller.abort();
                    }, leftMs);
                }
                this.#store.openResults(id);
                if (!running.ending)
                    await this.#runLines(id, row.endpoint, row.input_file_id, (row.expires_at ?? Infinity) * 1000, running);
                if (this.#closed && !running.ending) return;
                this.#endUnrun(id, running.ending);
            }
            this.#finalize(id, running.ending ?? "completed");
        } finally {
            clearTimeout(running.expiryTimer);
            this.#store.closeResults(id);
            this.#running.delete(id);
        }
    }

    /** The batch's pending lines, model by model, each model's sequences kept busy. */
    async #runLines(id: string, endpoint: string, inputFileId: string, expiresAtMs: number, running: Running): Promise<void> {
        const now = this.#options.now ?? Date.now;
        const pending = this.#store.pendingLines(id);
        const input = openSync(this.#files.pathOf(inputFileId), "r");
        try {
            for (let start = 0; start < pending.length && !running.controller.signal.aborted;) {
                const model = pending[start]!.model;
                let end = start;
                while (end < pending.length && pending[end]!.model === model) end++;
                // Lines preempted by interactive requests go back to its front.
                const queue = pending.slice(start, end);
                start = end;
                const width = this.#options.maxSlots > 0 ? this.#options.maxSlots : await this.#executor.slots(model).catch(() => 1);
                await Promise.all(
                    Array.from({ length: Math.max(1, Math.min(width, queue.length)) }, async () => {
                        while (queue.length > 0 && !running.controller.signal.aborted) {
                            // The timer ends a batch that waits; this catches a clock that moved while a line ran.
                            if (now() >= expiresAtMs) {
                                running.ending ??= "expired";
                                running.controller.abort();
                                break;
                            }
                            const line = queue.shift()!;
                            if ((await this.#runLine(id, endpoint, input, line, running.controller.signal)) === "preempted")
                                queue.unshift(line);
                        }
                    })
                );
            }
        } finally {
            closeSync(input);
        }
    }

    async #runLine(
        id: string,
        endpoint: string,
        input: number,
        line: BatchLine,
        signal: AbortSignal
    ): Promise<"done" | "preempted" | "stopped"> {
        const bytes = Buffer.alloc(line.length);
        readSync(input, bytes, 0, line.length, line.offset);
        const request = JSON.parse(bytes.toString("utf8")) as { body: Record<string, unknown> };
        // A batch's answers are whole bodies: the endpoint answers as it does without streaming.
        const body = { ...request.body, stream: false };
        let outcome: { status: number; body: unknown } | { error: { code: string; message: string } };
        try {
            outcome = await this.#executor.run({ endpoint, model: line.model, body, signal });
        } catch (error) {
            if (error instanceof LinePreemptedError && !signal.aborted) {
                this.#counts.preempted++;
                return "preempted";
            }
            // Aborted by cancel, expiry or shutdown: the line stays pending (a shutdown) or is ended as unrun.
            if (signal.aborted) return "stopped";
            outcome = { error: { code: "server_error", message: error instanceof Error ? error.message : String(error) } };
        }
        const ok = "status" in outcome && outcome.status < 400;
        // A line that ended as its batch stopped is kept only when it succeeded.
        if (signal.aborted && !ok) return "stopped";
        const result =
            "status" in outcome
                ? { response: { status_code: outcome.status, request_id: newId("req_"), body: outcome.body }, error: null }
                : { response: null, error: outcome.error };
        const text = JSON.stringify({ id: newId("batch_req_"), custom_id: line.custom_id, ...result }) + "\n";
        const usage = ok ? tokensOf(outcome as LineResponse) : { input: 0, output: 0 };
        this.#store.commitLine(id, line.line, { ok, bytes: Buffer.from(text), inputTokens: usage.input, outputTokens: usage.output });
        this.#counts[ok ? "completed" : "failed"]++;
        return "done";
    }

    /** A cancelled or expired batch's lines that never ran go to the error file. */
    #endUnrun(id: string, ending: "cancelled" | "expired" | undefined): void {
        if (!ending) return;
        const code = ending === "expired" ? "batch_expired" : "batch_cancelled";
        const message =
            ending === "expired"
                ? "the batch did not finish inside its completion window"
                : "the batch was cancelled before this request ran";
        for (const line of this.#store.pendingLines(id)) {
            const text =
                JSON.stringify({ id: newId("batch_req_"), custom_id: line.custom_id, response: null, error: { code, message } }) + "\n";
            this.#store.commitLine(id, line.line, { ok: false, bytes: Buffer.from(text), inputTokens: 0, outputTokens: 0 });
        }
    }

    /**
     * The results become files, under ids derived from the batch's (so that a crash between the
     * move and the commit is finished on restart rather than losing the file), and the batch ends.
     */
    #finalize(id: string, ending: "completed" | "cancelled" | "expired"): void {
        const row = this.#store.get(id);
        if (row.status === "failed" || row.status === "completed" || row.status === "expired" || row.status === "cancelled") return;
        this.#store.setStatus(id, "finalizing");
        this.#store.closeResults(id);
        const paths = this.#store.workPaths(id);
        const adopt = (path: string, kind: "output" | "errors", lines: number): string | null => {
            const fileId = `file-${createHash("sha256").update(`${id}:${kind}`).digest("hex").slice(0, 24)}`;
            return this.#files.adoptAs(fileId, path, `${id}_${kind}.jsonl`, lines)?.id ?? null;
        };
        const outputFileId = adopt(paths.output, "output", row.completed);
        const errorFileId = adopt(paths.errors, "errors", row.failed);
        this.#store.setResultFiles(id, outputFileId, errorFileId);
        this.#store.setStatus(id, ending);
    }
}

/** Tokens a line's answer reports, in OpenAI's usage or Ollama's counts. */
function tokensOf(response: LineResponse): { input: number; output: number } {
    const body = response.body as Record<string, unknown> | null;
    const usage = body?.usage as Record<string, number> | undefined;
    if (usage)
        return { input: usage.prompt_tokens ?? usage.input_tokens ?? 0, output: usage.completion_tokens ?? usage.output_tokens ?? 0 };
    return { input: Number(body?.prompt_eval_count ?? 0), output: Number(body?.eval_count ?? 0) };
}
