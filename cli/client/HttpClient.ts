/**
 * @module HttpClient
 * The CLI's client for a running Kettle (or Ollama) server: the same endpoints Ollama's CLI uses.
 * Errors come back as `{"error": …}` bodies, or as a last NDJSON line once a stream has begun.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import type {
    CopyRequest,
    CreateRequest,
    DeleteRequest,
    ListResponse,
    ProgressResponse,
    PullRequest,
    PushRequest,
    RunningModel,
    ShowRequest,
    ShowResponse
} from "../../runtime/ollama/types.js";
import { ServerError } from "./ServerError.js";
import type { GenerationChunk, ServingClient } from "./KettleClient.js";
import { authHeaders } from "./authHeaders.js";

export class HttpClient implements ServingClient {
    constructor(readonly url: string) {}

    list(): Promise<ListResponse> {
        return this.#json("GET", "/api/tags");
    }

    show(request: ShowRequest): Promise<ShowResponse> {
        return this.#json("POST", "/api/show", request);
    }

    create(request: CreateRequest): AsyncIterable<ProgressResponse> {
        return this.#stream<ProgressResponse>("/api/create", { ...request, stream: true });
    }

    pull(request: PullRequest, signal?: AbortSignal): AsyncIterable<ProgressResponse> {
        return this.#stream<ProgressResponse>("/api/pull", { ...request, stream: true }, signal);
    }

    push(request: PushRequest, signal?: AbortSignal): AsyncIterable<ProgressResponse> {
        return this.#stream<ProgressResponse>("/api/push", { ...request, stream: true }, signal);
    }

    async copy(request: CopyRequest): Promise<void> {
        await this.#request("POST", "/api/copy", request);
    }

    async delete(request: DeleteRequest): Promise<void> {
        await this.#request("DELETE", "/api/delete", request);
    }

    async hasBlob(digest: string): Promise<boolean> {
        const response = await fetch(`${this.url}/api/blobs/${digest}`, { method: "HEAD", headers: authHeaders() });
        return response.status === 200;
    }

    async createBlob(digest: string, file: string): Promise<void> {
        const size = (await stat(file)).size;
        await this.#check(
            await fetch(`${this.url}/api/blobs/${digest}`, {
                method: "POST",
                headers: { ...authHeaders(), "Content-Length": String(size) },
                body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
                duplex: "half"
            } as RequestInit)
        );
    }

    generate(request: Record<string, unknown>, signal?: AbortSignal): AsyncIterable<GenerationChunk> {
        return this.#stream<GenerationChunk>("/api/generate", { ...request, stream: true }, signal);
    }

    chat(request: Record<string, unknown>, signal?: AbortSignal): AsyncIterable<GenerationChunk> {
        return this.#stream<GenerationChunk>("/api/chat", { ...request, stream: true }, signal);
    }

    embed(request: Record<string, unknown>): Promise<{ embeddings: number[][] }> {
        return this.#json("POST", "/api/embed", request);
    }

    ps(): Promise<{ models: RunningModel[] }> {
        return this.#json("GET", "/api/ps");
    }

    async #request(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
        const response = await fetch(`${this.url}${path}`, {
            method,
            headers: { ...authHeaders(), ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
            ...(signal ? { signal } : {})
        });
        return this.#check(response);
    }

    async #check(response: Response): Promise<Response> {
        if (response.ok) return response;
        const text = await response.text();
        let message = text || `${response.status} ${response.statusText}`;
        try {
            const parsed = JSON.parse(text) as { error?: unknown };
            if (typeof parsed.error === "string") message = parsed.error;
        } catch {
            // not JSON: keep the text
        }
        throw new ServerError(response.status, message);
    }

    async #json<T>(method: string, path: string, body?: unknown): Promise<T> {
        return (await (await this.#request(method, path, body)).json()) as T;
    }

    async *#stream<T>(path: string, body: unknown, signal?: AbortSignal): AsyncGenerator<T> {
        const response = await this.#request("POST", path, body, signal);
        if (!response.body) return;
        const decoder = new TextDecoder();
        let buffer = "";
        for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
            // stream: true keeps a UTF-8 character split across chunks whole.
            buffer += decoder.decode(bytes, { stream: true });
            let newline: number;
            while ((newline = buffer.indexOf("\n")) >= 0) {
                const line = buffer.slice(0, newline).trim();
                buffer = buffer.slice(newline + 1);
                if (line) yield parseLine<T>(line, response.status);
            }
        }
        buffer += decoder.decode();
        if (buffer.trim()) yield parseLine<T>(buffer.trim(), response.status);
    }
}

function parseLine<T>(line: string, status: number): T {
    const value = JSON.parse(line) as T & { error?: string };
    if (typeof value.error === "string") throw new ServerError(status === 200 ? 500 : status, value.error);
    return value;
}
