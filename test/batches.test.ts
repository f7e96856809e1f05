/**
 * Batch jobs over HTTP with the real `openai` client against a real `kettle serve`: the Files API,
 * a batch run to its end (output and error files), validation before anything runs, cancel, and a
 * server killed with SIGKILL several times during one batch, which still ends with every
 * custom_id exactly once in its output and error files together.
 */
import assert from "node:assert/strict";
import { createReadStream, createWriteStream, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import OpenAI, { toFile } from "openai";
import { startKettle, type Kettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";

type Batch = Awaited<ReturnType<OpenAI["batches"]["retrieve"]>>;
const ended = ["completed", "failed", "cancelled", "expired"];

async function waitFor(client: OpenAI, id: string, until: (batch: Batch) => boolean = (b) => ended.includes(b.status)): Promise<Batch> {
    const deadline = Date.now() + 120_000;
    for (;;) {
        const batch = await client.batches.retrieve(id);
        if (until(batch)) return batch;
        if (Date.now() > deadline) throw new Error(`batch ${id} still ${batch.status}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

const chatLine = (id: string, content: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
        custom_id: id,
        method: "POST",
        url: "/v1/chat/completions",
        body: { model: "tiny", messages: [{ role: "user", content }], max_tokens: 8, temperature: 0, ...extra }
    });

async function upload(client: OpenAI, lines: string[], name = "input.jsonl") {
    return client.files.create({ file: await toFile(Buffer.from(lines.join("\n") + "\n"), name), purpose: "batch" });
}

async function resultLines(client: OpenAI, fileId: string | null | undefined): Promise<Record<string, any>[]> {
    if (!fileId) return [];
    const text = await (await client.files.content(fileId)).text();
    return text
        .split("\n")
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as Record<string, any>);
}

describe("batch jobs: the Files and Batches API", () => {
    let kettle: Kettle;
    let client: OpenAI;

    before(async () => {
        // No sequence kept free after interactive requests: the preemption test needs the batch to hold every one.
        kettle = await startKettle({
            config: `[scheduler]\nnum_parallel = 2\n[batches]\nmax_file_bytes = 100000\nmax_file_lines = 50\ninteractive_reserve = "0"\n`
        });
        await kettle.createModel("tiny", testModels.chatml);
        await kettle.createModel("embedder", testModels.embed);
        client = new OpenAI({ baseURL: `${kettle.url}/v1`, apiKey: "unused", maxRetries: 0 });
    });
    after(() => kettle.stop());

    test("files: create, retrieve, list (paged), content, delete; unknown ids are 404", async () => {
        const lines = [chatLine("a", "Hi")];
        const first = await upload(client, lines, "first.jsonl");
        assert.equal(first.object, "file");
        assert.equal(first.purpose, "batch");
        assert.equal(first.filename, "first.jsonl");
        assert.equal(first.bytes, Buffer.byteLength(lines.join("\n") + "\n"));
        const second = await upload(client, lines, "second.jsonl");
        assert.deepEqual(await client.files.retrieve(first.id), first);
        const page = await client.files.list({ limit: 1 });
        assert.deepEqual(
            page.data.map((file) => file.id),
            [second.id]
        );
        assert.equal(page.hasNextPage(), true);
        const all: string[] = [];
        for await (const file of client.files.list({ limit: 1 })) all.push(file.id);
        assert.ok(all.indexOf(second.id) < all.indexOf(first.id), "newest first");
        assert.equal(await (await client.files.content(first.id)).text(), lines.join("\n") + "\n");
        assert.deepEqual(await client.files.delete(first.id), { id: first.id, object: "file", deleted: true });
        await assert.rejects(
            client.files.retrieve(first.id),
            (error: any) => error.status === 404 && /No such File object/.test(error.message)
        );
        await assert.rejects(client.files.content("file-nope"), (error: any) => error.status === 404);
    });

    test("files: too large is 413, too many lines or a bad purpose is 400, and nothing is kept", async () => {
        const before = (await client.files.list()).data.length;
        await assert.rejects(
            client.files.create({ file: await toFile(Buffer.alloc(200_000, 0x61), "big.jsonl"), purpose: "batch" }),
            (error: any) => error.status === 413
        );
        const many = Array.from({ length: 51 }, (_, i) => chatLine(`l${i}`, "x"));
        await assert.rejects(upload(client, many), (error: any) => error.status === 400 && /at most 50/.test(error.message));
        await assert.rejects(
            client.files.create({ file: await toFile(Buffer.from("{}"), "x.jsonl"), purpose: "nonsense" as "batch" }),
            (error: any) => error.status === 400 && /purpose/.test(error.message)
        );
        assert.equal((await client.files.list()).data.length, before);
    });

    test("a batch runs to completed: one output line per request, failures with their status in the error file", async () => {
        const lines = [0, 1, 2, 3, 4].map((i) => chatLine(`req-${i}`, `Tell me about ${i}`));
        lines.push(chatLine("broken", "x", { messages: "not a list" }));
        const input = await upload(client, lines);
        const created = await client.batches.create({
            input_file_id: input.id,
            endpoint: "/v1/chat/completions",
            completion_window: "24h",
            metadata: { job: "test" }
        });
        assert.equal(created.object, "batch");
        assert.equal(created.status, "validating");
        assert.deepEqual(created.metadata, { job: "test" });
        await assert.rejects(client.files.delete(input.id), (error: any) => error.status === 409);
        const batch = await waitFor(client, created.id);
        assert.equal(batch.status, "completed");
        assert.deepEqual(batch.request_counts, { total: 6, completed: 5, failed: 1 });
        for (const stamp of ["created_at", "in_progress_at", "finalizing_at", "completed_at", "expires_at"] as const) {
            assert.equal(typeof batch[stamp], "number", stamp);
        }
        const output = await resultLines(client, batch.output_file_id);
        assert.deepEqual(output.map((line) => line.custom_id).sort(), ["req-0", "req-1", "req-2", "req-3", "req-4"]);
        for (const line of output) {
            assert.match(line.id, /^batch_req_/);
            assert.equal(line.error, null);
            assert.equal(line.response.status_code, 200);
            assert.equal(line.response.body.object, "chat.completion");
            assert.equal(line.response.body.usage.completion_tokens, 8);
        }
        // The body is what the endpoint answers without streaming: the same greedy text as asked directly.
        const direct = await client.chat.completions.create({
            model: "tiny",
            messages: [{ role: "user", content: "Tell me about 3" }],
            max_tokens: 8,
            temperature: 0
        });
        const three = output.find((line) => line.custom_id === "req-3")!;
        assert.equal(three.response.body.choices[0].message.content, direct.choices[0]!.message.content);
        const errors = await resultLines(client, batch.error_file_id);
        assert.equal(errors.length, 1);
        assert.equal(errors[0]!.custom_id, "broken");
        assert.equal(errors[0]!.response.status_code, 400);
        assert.match(errors[0]!.response.body.error.message, /messages/);
        const outputFile = await client.files.retrieve(batch.output_file_id!);
        assert.equal(outputFile.purpose, "batch_output");
        // Listed, newest first, with the cursor.
        const listed = await client.batches.list({ limit: 100 });
        assert.ok(listed.data.some((entry) => entry.id === batch.id));
        const { batches: counted } = (await (await fetch(`${kettle.url}/api/stats`)).json()) as { batches: Record<string, number> };
        assert.ok(counted.completed! >= 5 && counted.failed! >= 1, JSON.stringify(counted));
        // A finished batch's input may go now.
        await client.files.delete(input.id);
    });

    test("Ollama's endpoints and embeddings run in batches too", async () => {
        const generate = await upload(client, [
            JSON.stringify({
                custom_id: "g",
                method: "POST",
                url: "/api/generate",
                body: { model: "tiny", prompt: "Once", options: { num_predict: 4 } }
            })
        ]);
        const embed = await upload(client, [
            JSON.stringify({ custom_id: "e1", method: "POST", url: "/v1/embeddings", body: { model: "embedder", input: "a fox" } }),
            JSON.stringify({ custom_id: "e2", method: "POST", url: "/v1/embeddings", body: { model: "embedder", input: ["a", "b"] } })
        ]);
        const [g, e] = await Promise.all([
            client.batches.create({ input_file_id: generate.id, endpoint: "/api/generate" as "/v1/completions", completion_window: "24h" }),
            client.batches.create({ input_file_id: embed.id, endpoint: "/v1/embeddings", completion_window: "24h" })
        ]);
        const generated = await waitFor(client, g.id);
        assert.equal(generated.status, "completed");
        const [line] = await resultLines(client, generated.output_file_id);
        assert.equal(line!.response.body.done, true, "not streamed: one whole body");
        assert.equal(line!.response.body.eval_count, 4);
        const embedded = await waitFor(client, e.id);
        assert.deepEqual(embedded.request_counts, { total: 2, completed: 2, failed: 0 });
        const vectors = await resultLines(client, embedded.output_file_id);
        assert.equal(vectors.find((l) => l.custom_id === "e2")!.response.body.data.length, 2);
    });

    test("validation fails the batch before anything runs, with each problem's line", async () => {
        const input = await upload(client, [
            chatLine("dup", "a"),
            "this is not json",
            chatLine("dup", "b"),
            JSON.stringify({ custom_id: "url", method: "POST", url: "/v1/embeddings", body: { model: "tiny" } }),
            JSON.stringify({ custom_id: "get", method: "GET", url: "/v1/chat/completions", body: { model: "tiny" } }),
            JSON.stringify({ method: "POST", url: "/v1/chat/completions", body: { model: "tiny" } }),
            chatLine("model", "x", { model: "no-such-model" })
        ]);
        const created = await client.batches.create({
            input_file_id: input.id,
            endpoint: "/v1/chat/completions",
            completion_window: "24h"
        });
        const batch = await waitFor(client, created.id);
        assert.equal(batch.status, "failed");
        assert.equal(typeof batch.failed_at, "number");
        assert.equal(batch.output_file_id, null);
        assert.deepEqual(
            batch.errors!.data!.map((error) => [error.line, error.code]),
            [
                [2, "invalid_json_line"],
                [3, "duplicate_custom_id"],
                [4, "mismatched_endpoint"],
                [5, "invalid_method"],
                [6, "missing_required_parameter"],
                [7, "model_not_found"]
            ]
        );
    });

    test("bad create requests are 400 (bad endpoint, window) and 404 (unknown file)", async () => {
        const input = await upload(client, [chatLine("a", "b")]);
        await assert.rejects(
            client.batches.create({ input_file_id: input.id, endpoint: "/v1/moderations" as "/v1/embeddings", completion_window: "24h" }),
            (error: any) => error.status === 400 && /endpoint/.test(error.message)
        );
        await assert.rejects(
            client.batches.create({ input_file_id: input.id, endpoint: "/v1/chat/completions", completion_window: "1h" as "24h" }),
            (error: any) => error.status === 400 && /completion_window/.test(error.message)
        );
        await assert.rejects(
            client.batches.create({ input_file_id: "file-missing", endpoint: "/v1/chat/completions", completion_window: "24h" }),
            (error: any) => error.status === 404
        );
        await assert.rejects(client.batches.cancel("batch_missing"), (error: any) => error.status === 404);
    });

    test("an interactive request preempts a line when the batch holds every sequence; the line runs again and the batch completes", async () => {
        const lines = Array.from({ length: 16 }, (_, i) => chatLine(`p${i}`, `Long story ${i}`, { max_tokens: 200 }));
        const input = await upload(client, lines);
        const created = await client.batches.create({
            input_file_id: input.id,
            endpoint: "/v1/chat/completions",
            completion_window: "24h"
        });
        const stats = async () => ((await (await fetch(`${kettle.url}/api/stats`)).json()) as { batches: { preempted: number } }).batches;
        const before = (await stats()).preempted;
        await waitFor(client, created.id, (b) => b.request_counts!.completed >= 1);
        // Both sequences run lines (num_parallel = 2) but for the moments between two lines: ask until one is taken.
        for (let attempt = 0; attempt < 20 && (await stats()).preempted === before; attempt++) {
            const answer = await client.chat.completions.create({
                model: "tiny",
                messages: [{ role: "user", content: "Hi" }],
                max_tokens: 4
            });
            assert.equal(answer.choices[0]!.finish_reason, "length");
        }
        const batch = await waitFor(client, created.id);
        assert.equal(batch.status, "completed");
        assert.ok((await stats()).preempted > before, "a line was preempted");
        const ids = (await resultLines(client, batch.output_file_id)).map((line) => line.custom_id as string);
        assert.deepEqual(ids.sort(), lines.map((_, i) => `p${i}`).sort(), "every line once, the preempted one too");
    });

    test("cancel stops the batch: it ends cancelled, what completed is kept, the rest is in the error file", async () => {
        const lines = Array.from({ length: 40 }, (_, i) => chatLine(`c${i}`, `Story ${i}`, { max_tokens: 48 }));
        const input = await upload(client, lines);
        const created = await client.batches.create({
            input_file_id: input.id,
            endpoint: "/v1/chat/completions",
            completion_window: "24h"
        });
        await waitFor(client, created.id, (b) => b.request_counts!.completed >= 2);
        const { batches: running } = (await (await fetch(`${kettle.url}/api/stats`)).json()) as { batches: Record<string, any> };
        assert.equal(running.running, 1);
        const tiny = running.models.find((entry: { model: string }) => entry.model === "tiny");
        assert.ok(tiny.completed >= 2 && tiny.pending > 0 && tiny.completed + tiny.pending + tiny.failed === 40, JSON.stringify(tiny));
        const cancelling = await client.batches.cancel(created.id);
        assert.ok(["cancelling", "cancelled"].includes(cancelling.status));
        const batch = await waitFor(client, created.id);
        assert.equal(batch.status, "cancelled");
        assert.equal(typeof batch.cancelled_at, "number");
        const output = await resultLines(client, batch.output_file_id);
        const errors = await resultLines(client, batch.error_file_id);
        assert.ok(output.length >= 2 && output.length < 40, `${output.length} completed`);
        assert.equal(output.length + errors.length, 40);
        assert.ok(errors.every((line) => line.error.code === "batch_cancelled"));
        // Cancelling again answers the batch as it is; a completed one cannot be cancelled.
        assert.equal((await client.batches.cancel(created.id)).status, "cancelled");
    });
});

describe("batch jobs: a server killed during a batch resumes it", () => {
    test("SIGKILL three times mid-batch: it still completes with every custom_id exactly once", async () => {
        const config = `[scheduler]\nnum_parallel = 2\n`;
        let kettle = await startKettle({ config });
        const { dir, port } = { dir: kettle.dir, port: Number(new URL(kettle.url).port) };
        try {
            await kettle.createModel("tiny", testModels.chatml);
            let client = new OpenAI({ baseURL: `${kettle.url}/v1`, apiKey: "unused", maxRetries: 0 });
            const total = 30;
            const lines = Array.from({ length: total }, (_, i) => chatLine(`k${i}`, `Story number ${i}`, { max_tokens: 32 }));
            const input = await upload(client, lines);
            const { id } = await client.batches.create({
                input_file_id: input.id,
                endpoint: "/v1/chat/completions",
                completion_window: "24h"
            });
            let seen = 0;
            for (let kill = 0; kill < 3; kill++) {
                const progress = await waitFor(client, id, (b) => b.request_counts!.completed > seen || ended.includes(b.status));
                assert.notEqual(progress.status, "completed", "the batch ended before the server was killed; make its lines longer");
                seen = progress.request_counts!.completed;
                const exited = new Promise((resolve) => kettle.process.once("exit", resolve));
                kettle.process.kill("SIGKILL");
                await exited;
                kettle = await startKettle({ config, dir, port });
                client = new OpenAI({ baseURL: `${kettle.url}/v1`, apiKey: "unused", maxRetries: 0 });
                const resumed = await client.batches.retrieve(id);
                assert.ok(resumed.request_counts!.completed >= seen, "committed lines survive the kill");
            }
            const batch = await waitFor(client, id);
            assert.equal(batch.status, "completed");
            assert.deepEqual(batch.request_counts, { total, completed: total, failed: 0 });
            const ids = [...(await resultLines(client, batch.output_file_id)), ...(await resultLines(client, batch.error_file_id))].map(
                (line) => line.custom_id as string
            );
            assert.equal(ids.length, total);
            assert.deepEqual(new Set(ids).size, total);
        } finally {
            await kettle.stop();
        }
    });
});

describe("batch jobs: a large upload", () => {
    /** Peak resident memory of a process so far (VmHWM), in bytes. */
    const peakRss = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;

    test("a 190 MB file streams to disk: the server's peak memory grows by far less than the file", async () => {
        const kettle = await startKettle();
        try {
            const client = new OpenAI({ baseURL: `${kettle.url}/v1`, apiKey: "unused", maxRetries: 0 });
            const path = join(mkdtempSync(join(tmpdir(), "kettle-upload-")), "large.jsonl");
            const line = chatLine("x".repeat(40), "y".repeat(900)) + "\n";
            const lines = Math.ceil((190 * 1024 * 1024) / Buffer.byteLength(line));
            const out = createWriteStream(path);
            for (let i = 0; i < lines; i++) if (!out.write(line)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
            await new Promise<void>((resolve) => out.end(() => resolve()));
            await client.files.list();
            const before = peakRss(kettle.process.pid!);
            const file = await client.files.create({ file: createReadStream(path), purpose: "user_data" });
            const grown = peakRss(kettle.process.pid!) - before;
            assert.equal(file.bytes, lines * Buffer.byteLength(line));
            assert.ok(
                grown < 64 * 1024 * 1024,
                `peak memory grew by ${(grown / 1048576).toFixed(1)} MB for a ${(file.bytes / 1048576).toFixed(0)} MB file`
            );
            await client.files.delete(file.id);
        } finally {
            await kettle.stop();
        }
    });
});
