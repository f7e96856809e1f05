/**
 * @module batch
 * `kettle batch create|ls|show|cancel|results` against a running server (OpenAI's Files and
 * Batches endpoints). `create` uploads the file and creates the batch (its endpoint read from the
 * first line unless given); `show` on a terminal follows the batch with a live bar until it ends.
 */
import { createWriteStream, openSync, readSync, closeSync } from "node:fs";
import { Readable, Writable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { pipeline } from "node:stream/promises";
import { batchEndpoints } from "../../runtime/batches/batchEndpoints.js";
import { BatchClient, endedStatuses, type BatchView } from "../client/BatchClient.js";
import { formatRelativeTime } from "../format/formatRelativeTime.js";
import { formatTable } from "../format/formatTable.js";
import { BatchProgress } from "../progress/BatchProgress.js";
import { UsageError } from "../UsageError.js";

export async function batchCreate(client: BatchClient, file: string, options: { endpoint?: string; metadata?: string[] }): Promise<void> {
    const endpoint = options.endpoint ?? endpointOfFirstLine(file);
    const metadata = metadataOf(options.metadata ?? []);
    const uploaded = await client.uploadFile(file);
    const batch = await client.createBatch({ input_file_id: uploaded.id, endpoint, ...(metadata ? { metadata } : {}) });
    process.stdout.write(`${batch.id}\n`);
}

export async function batchList(client: BatchClient, options: { json?: boolean }): Promise<void> {
    const batches = await client.listBatches();
    if (options.json) {
        process.stdout.write(JSON.stringify(batches, null, 2) + "\n");
        return;
    }
    const now = new Date();
    const rows = batches.map((b) => [
        b.id,
        b.status,
        b.endpoint,
        `${b.request_counts.completed + b.request_counts.failed}/${b.request_counts.total}`,
        String(b.request_counts.failed),
        formatRelativeTime(new Date(b.created_at * 1000), now)
    ]);
    process.stdout.write(formatTable([["ID", "STATUS", "ENDPOINT", "DONE", "FAILED", "CREATED"], ...rows]));
}

export async function batchShow(client: BatchClient, id: string, options: { json?: boolean }): Promise<void> {
    let batch = await client.getBatch(id);
    if (options.json) {
        process.stdout.write(JSON.stringify(batch, null, 2) + "\n");
        return;
    }
    if (process.stderr.isTTY && !endedStatuses.includes(batch.status)) {
        const progress = new BatchProgress();
        const stop = new AbortController();
        process.once("SIGINT", () => stop.abort());
        while (!endedStatuses.includes(batch.status) && !stop.signal.aborted) {
            progress.update({ status: batch.status, ...batch.request_counts });
            await new Promise((resolve) => setTimeout(resolve, 500));
            batch = await client.getBatch(id);
        }
        progress.update({ status: batch.status, ...batch.request_counts });
        progress.stop();
    }
    process.stdout.write(describeBatch(batch));
}

export async function batchCancel(client: BatchClient, id: string): Promise<void> {
    const batch = await client.cancelBatch(id);
    process.stdout.write(`${batch.id} ${batch.status}\n`);
}

export async function batchResults(client: BatchClient, id: string, options: { output?: string; errors?: boolean }): Promise<void> {
    const batch = await client.getBatch(id);
    const fileId = options.errors ? batch.error_file_id : batch.output_file_id;
    if (!fileId) {
        if (!endedStatuses.includes(batch.status)) throw new UsageError(`${id} is ${batch.status}: its results are ready once it ends`);
        if (options.errors) return;
        throw new UsageError(`${id} ended ${batch.status} without ${options.errors ? "errors" : "output"}`);
    }
    const body = Readable.fromWeb((await client.fileContent(fileId)) as NodeReadableStream<Uint8Array>);
    const target: Writable = options.output ? createWriteStream(options.output) : process.stdout;
    await pipeline(body, target, { end: Boolean(options.output) });
}

/** The fields a person reads, one per line. */
export function describeBatch(batch: BatchView): string {
    const counts = batch.request_counts;
    const lines = [
        ["id", batch.id],
        ["status", batch.status],
        ["endpoint", batch.endpoint],
        ["requests", `${counts.total} (${counts.completed} completed, ${counts.failed} failed)`],
        ["input file", batch.input_file_id],
        ["output file", batch.output_file_id ?? "-"],
        ["error file", batch.error_file_id ?? "-"],
        ["created", new Date(batch.created_at * 1000).toISOString()]
    ];
    if (batch.metadata) for (const [key, value] of Object.entries(batch.metadata)) lines.push([`metadata.${key}`, value]);
    const width = Math.max(...lines.map(([key]) => key!.length));
    let text = lines.map(([key, value]) => `${key!.padEnd(width)}    ${value}\n`).join("");
    for (const error of batch.errors?.data ?? [])
        text += `error: ${error.line !== null ? `line ${error.line}: ` : ""}${error.message} (${error.code})\n`;
    return text;
}

/** The `url` of the file's first line: what a batch of it calls. */
export function endpointOfFirstLine(file: string): string {
    const fd = openSync(file, "r");
    const buffer = Buffer.alloc(64 * 1024);
    let read: number;
    try {
        read = readSync(fd, buffer, 0, buffer.length, 0);
    } finally {
        closeSync(fd);
    }
    const first = buffer
        .subarray(0, read)
        .toString("utf8")
        .split("\n")
        .find((line) => line.trim() !== "");
    let url: unknown;
    try {
        url = (JSON.parse(first ?? "") as { url?: unknown }).url;
    } catch {
        throw new UsageError(`${file}: the first line is not JSON; pass --endpoint`);
    }
    if (typeof url !== "string" || !(batchEndpoints as readonly string[]).includes(url)) {
        throw new UsageError(`${file}: the first line's url must be one of ${batchEndpoints.join(", ")} (or pass --endpoint)`);
    }
    return url;
}

function metadataOf(pairs: string[]): Record<string, string> | undefined {
    if (pairs.length === 0) return undefined;
    const metadata: Record<string, string> = {};
    for (const pair of pairs) {
        const at = pair.indexOf("=");
        if (at <= 0) throw new UsageError(`--metadata takes key=value, got ${JSON.stringify(pair)}`);
        metadata[pair.slice(0, at)] = pair.slice(at + 1);
    }
    return metadata;
}
