/**
 * @module BatchClient
 * The CLI's client for a server's batch jobs: OpenAI's Files and Batches endpoints. Uploads stream
 * the file from disk (a Blob backed by it), so a 200 MB input is never read into memory.
 */
import { openAsBlob } from "node:fs";
import { basename } from "node:path";
import { ServerError } from "./ServerError.js";
import { authHeaders } from "./authHeaders.js";

/** The Batch object as the CLI reads it. */
export type BatchView = {
    id: string;
    status: string;
    endpoint: string;
    input_file_id: string;
    output_file_id: string | null;
    error_file_id: string | null;
    created_at: number;
    in_progress_at: number | null;
    request_counts: { total: number; completed: number; failed: number };
    errors: { data: { code: string; message: string; line: number | null }[] } | null;
    metadata: Record<string, string> | null;
};

export const endedStatuses = ["completed", "failed", "cancelled", "expired"];

export class BatchClient {
    constructor(readonly url: string) {}

    async uploadFile(path: string): Promise<{ id: string; bytes: number }> {
        const form = new FormData();
        form.set("purpose", "batch");
        form.set("file", await openAsBlob(path), basename(path));
        return this.#json("POST", "/v1/files", form);
    }

    createBatch(request: { input_file_id: string; endpoint: string; metadata?: Record<string, string> }): Promise<BatchView> {
        return this.#json("POST", "/v1/batches", JSON.stringify({ ...request, completion_window: "24h" }));
    }

    getBatch(id: string): Promise<BatchView> {
        return this.#json("GET", `/v1/batches/${encodeURIComponent(id)}`);
    }

    /** Every batch, newest first (following the cursor). */
    async listBatches(): Promise<BatchView[]> {
        const all: BatchView[] = [];
        let after: string | undefined;
        for (;;) {
            const page = await this.#json<{ data: BatchView[]; has_more: boolean }>(
                "GET",
                `/v1/batches?limit=100${after ? `&after=${encodeURIComponent(after)}` : ""}`
            );
            all.push(...page.data);
            if (!page.has_more || page.data.length === 0) return all;
            after = page.data.at(-1)!.id;
        }
    }

    cancelBatch(id: string): Promise<BatchView> {
        return this.#json("POST", `/v1/batches/${encodeURIComponent(id)}/cancel`);
    }

    async fileContent(id: string): Promise<ReadableStream<Uint8Array>> {
        const response = await fetch(`${this.url}/v1/files/${encodeURIComponent(id)}/content`, { headers: authHeaders() });
        if (!response.ok || !response.body) throw await errorOf(response);
        return response.body;
    }

    async #json<T>(method: string, path: string, body?: RequestInit["body"]): Promise<T> {
        const response = await fetch(`${this.url}${path}`, {
            method,
            ...(body !== undefined ? { body } : {}),
            headers: { ...authHeaders(), ...(typeof body === "string" ? { "content-type": "application/json" } : {}) }
        });
        if (!response.ok) throw await errorOf(response);
        return (await response.json()) as T;
    }
}

async function errorOf(response: Response): Promise<ServerError> {
    const text = await response.text();
    try {
        const body = JSON.parse(text) as { error?: { message?: string } | string };
        const message = typeof body.error === "string" ? body.error : body.error?.message;
        return new ServerError(response.status, message ?? text);
    } catch {
        return new ServerError(response.status, text || response.statusText);
    }
}
