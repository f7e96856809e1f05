/**
 * The batch runner over a real database in a temp folder, with lines executed by a scripted
 * LineExecutor (the runner's seam to the models) and an injected clock: the completion window,
 * model-by-model order with each model's slots kept busy, and a line that throws.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { test } from "node:test";
import { BatchDatabase } from "./BatchDatabase.js";
import { BatchRunner, type LineExecutor, type LineRequest } from "./BatchRunner.js";
import { BatchStore } from "./BatchStore.js";
import { FileStore } from "./FileStore.js";

function setup(executor: Partial<LineExecutor> & Pick<LineExecutor, "run">, clock = { now: Date.now() }) {
    const dir = mkdtempSync(join(tmpdir(), "kettle-batch-runner-"));
    const db = BatchDatabase.open(dir);
    const files = new FileStore(db, { maxBytes: 1e6, maxLines: 1000 }, Infinity, () => clock.now);
    const batches = new BatchStore(db, () => clock.now);
    const runner = new BatchRunner(
        batches,
        files,
        { slots: async () => 2, modelExists: async () => true, ...executor },
        { maxSlots: 0, now: () => clock.now }
    );
    const submit = async (lines: { id: string; model: string }[]) => {
        const text = lines
            .map(({ id, model }) => JSON.stringify({ custom_id: id, method: "POST", url: "/api/generate", body: { model, prompt: id } }))
            .join("\n");
        const file = await files.receive(Readable.from([Buffer.from(text)]), "in.jsonl");
        const row = batches.create({ endpoint: "/api/generate", input_file_id: file.id, completion_window: "24h", metadata: null });
        await runner.submit(row.id);
        return batches.get(row.id);
    };
    const lines = (fileId: string | null) =>
        fileId
            ? readFileSync(files.pathOf(fileId), "utf8")
                  .trim()
                  .split("\n")
                  .map((line) => JSON.parse(line) as Record<string, any>)
            : [];
    return { db, files, batches, runner, submit, lines, clock, dir };
}

test("lines run model by model, each model's slots busy, in file order within a model", async () => {
    const started: string[] = [];
    let inFlight = 0;
    let most = 0;
    const { submit, lines } = setup({
        run: async ({ body }: LineRequest) => {
            started.push(String(body.prompt));
            most = Math.max(most, ++inFlight);
            await new Promise((resolve) => setTimeout(resolve, 5));
            inFlight--;
            return { status: 200, body: { response: body.prompt, stream: body.stream } };
        }
    });
    const batch = await submit([
        { id: "a1", model: "a" },
        { id: "b1", model: "b" },
        { id: "a2", model: "a" },
        { id: "b2", model: "b" },
        { id: "a3", model: "a" }
    ]);
    assert.equal(batch.status, "completed");
    assert.deepEqual(started, ["a1", "a2", "a3", "b1", "b2"]);
    assert.equal(most, 2, "as many lines in flight as the model has slots");
    const output = lines(batch.output_file_id);
    assert.equal(output.length, 5);
    assert.ok(
        output.every((line) => line.response.body.stream === false),
        "lines run without streaming"
    );
});

test("a batch past its completion window ends expired; its unrun lines are batch_expired errors", async () => {
    const clock = { now: Date.now() };
    let ran = 0;
    const { files, batches, runner, lines } = setup(
        {
            slots: async () => 1,
            run: async () => {
                ran++;
                // The window closes while the first line runs (one slot: the others wait).
                clock.now += 25 * 3_600_000;
                await new Promise((resolve) => setTimeout(resolve, 5));
                return { status: 200, body: {} };
            }
        },
        clock
    );
    const text = ["x", "y", "z"]
        .map((id) => JSON.stringify({ custom_id: id, method: "POST", url: "/api/generate", body: { model: "m" } }))
        .join("\n");
    const file = await files.receive(Readable.from([Buffer.from(text)]), "in.jsonl");
    const row = batches.create({ endpoint: "/api/generate", input_file_id: file.id, completion_window: "24h", metadata: null });
    await runner.submit(row.id);
    const expired = batches.get(row.id);
    assert.equal(ran, 1, "no line starts once the window has closed");
    assert.equal(expired.status, "expired");
    assert.equal(typeof expired.expired_at, "number");
    const errors = lines(expired.error_file_id);
    assert.deepEqual(
        errors.map((line) => [line.custom_id, line.error.code]),
        [
            ["y", "batch_expired"],
            ["z", "batch_expired"]
        ]
    );
    assert.deepEqual(
        lines(expired.output_file_id).map((line) => line.custom_id),
        ["x"],
        "the line that ran is kept"
    );
    assert.deepEqual({ total: expired.total, completed: expired.completed, failed: expired.failed }, { total: 3, completed: 1, failed: 2 });
});

test("a line whose executor throws goes to the error file as server_error; the batch goes on", async () => {
    const { submit, lines } = setup({
        run: async ({ body }: LineRequest) => {
            if (body.prompt === "bad") throw new Error("the lane exploded");
            return { status: 200, body: { ok: true } };
        }
    });
    const batch = await submit([
        { id: "good", model: "m" },
        { id: "bad", model: "m" },
        { id: "fine", model: "m" }
    ]);
    assert.equal(batch.status, "completed");
    assert.deepEqual({ completed: batch.completed, failed: batch.failed }, { completed: 2, failed: 1 });
    const [error] = lines(batch.error_file_id);
    assert.equal(error!.custom_id, "bad");
    assert.equal(error!.response, null);
    assert.deepEqual(error!.error, { code: "server_error", message: "the lane exploded" });
});

test("a result file half written by a crash is cut back to its last commit when the batch is opened again", () => {
    const dir = mkdtempSync(join(tmpdir(), "kettle-batch-cut-"));
    const db = BatchDatabase.open(dir);
    const batches = new BatchStore(db);
    const row = batches.create({ endpoint: "/api/generate", input_file_id: "file-x", completion_window: "24h", metadata: null });
    batches.start(row.id, [
        { line: 1, custom_id: "a", model: "m", offset: 0, length: 1 },
        { line: 2, custom_id: "b", model: "m", offset: 0, length: 1 }
    ]);
    batches.openResults(row.id);
    batches.commitLine(row.id, 1, { ok: true, bytes: Buffer.from('{"custom_id":"a"}\n'), inputTokens: 1, outputTokens: 1 });
    batches.closeResults(row.id);
    // The crash: a second line's bytes were written, its commit never happened.
    const { output } = batches.workPaths(row.id);
    writeFileSync(output, '{"custom_id":"b","resp', { flag: "a" });
    batches.openResults(row.id);
    assert.equal(readFileSync(output, "utf8"), '{"custom_id":"a"}\n');
    assert.deepEqual(
        batches.pendingLines(row.id).map((line) => line.custom_id),
        ["b"]
    );
    batches.closeResults(row.id);
    db.close();
});

test("retention: files past their expiry and batches ended before the cutoff are deleted; a running batch's input is kept", async () => {
    const clock = { now: Date.UTC(2026, 0, 1) };
    const dir = mkdtempSync(join(tmpdir(), "kettle-batch-retention-"));
    const db = BatchDatabase.open(dir);
    const day = 24 * 3_600_000;
    const files = new FileStore(db, { maxBytes: 1e6, maxLines: 10 }, 30 * day, () => clock.now);
    const batches = new BatchStore(db, () => clock.now);
    const old = await files.receive(Readable.from([Buffer.from("{}\n")]), "old.jsonl");
    const inUse = await files.receive(Readable.from([Buffer.from("{}\n")]), "in-use.jsonl");
    const ended = batches.create({ endpoint: "/api/generate", input_file_id: old.id, completion_window: "24h", metadata: null });
    batches.setStatus(ended.id, "completed");
    const running = batches.create({ endpoint: "/api/generate", input_file_id: inUse.id, completion_window: "24h", metadata: null });
    clock.now += 31 * day;
    const fresh = await files.receive(Readable.from([Buffer.from("{}\n")]), "fresh.jsonl");
    assert.equal(files.deleteExpired(), 1);
    assert.deepEqual(batches.deleteEndedBefore(batches.now() - 30 * 86_400), [ended.id]);
    assert.throws(() => files.get(old.id), /No such File object/);
    assert.equal(files.get(inUse.id).id, inUse.id, "the input of a running batch stays");
    assert.equal(files.get(fresh.id).id, fresh.id);
    assert.equal(batches.get(running.id).status, "validating");
    assert.throws(() => batches.get(ended.id), /No such Batch object/);
    db.close();
});
