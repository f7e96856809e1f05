/**
 * @module BlobDownload
 * Downloads one blob into a partial file in parallel ranged parts, as Ollama's download.go does,
 * and in its on-disk format, so a download either tool began the other can finish:
 * `<blob>-partial` (pre-sized to the blob's length) and one `<blob>-partial-<N>` JSON state file per
 * part, `{"N","Offset","Size","Completed"}`. A part's state is written after its bytes, so it never
 * claims bytes that are not in the file; a download interrupted at any point (connection dropped,
 * client gone, server killed) restarts each part where its state says it stopped.
 *
 * A part that fails is retried after 1 s, 2 s, 4 s, … up to `retries` times; a part that receives
 * nothing for `stallTimeout` is restarted at once and not counted (Ollama's "stuck at 99%").
 */
import { open, readFile, rename, rm, type FileHandle } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type { RegistryConfig } from "../../config/Config.js";
import { RegistryError } from "../errors/RegistryError.js";
import { RequestCanceledError } from "../errors/RequestCanceledError.js";
import { StoreError } from "../errors/StoreError.js";
import { storeIoError } from "../store/storeIoError.js";

/** Where the bytes come from: a registry's blob URL or a plain download URL. */
export interface RangeSource {
    /** A GET of bytes `start..end` (inclusive): a 206, or a 200 with the whole content. */
    fetchRange(start: number, end: number, signal: AbortSignal): Promise<Response>;
    /** What the download is, for error messages. */
    readonly label: string;
}

/** One part's state, with Ollama's field names. */
type PartState = { N: number; Offset: number; Size: number; Completed: number };

type Part = PartState & { savedAt: number; saved: number };

/** State is written at most this often per part while its bytes flow (and always when it stops). */
const saveIntervalMs = 1000;

/** Ollama's split: 16 parts, each clamped to the configured bounds. */
export function partSize(total: number, settings: Pick<RegistryConfig, "partSizeMin" | "partSizeMax">): number {
    return Math.min(settings.partSizeMax, Math.max(settings.partSizeMin, Math.ceil(total / 16)));
}

export class BlobDownload {
    #completed = 0;
    #parts: Part[] = [];
    #handle: FileHandle | undefined;

    /** Settles when the partial file is whole (every part complete), or with the error that stopped it. */
    readonly done: Promise<void>;
    /** Resolves once the parts are known, so `completed` counts what an earlier attempt kept. */
    readonly ready: Promise<void>;
    #markReady!: () => void;

    constructor(
        /** `blobs/sha256-<hex>-partial`; the state files are `<partialPath>-<N>`. */
        readonly partialPath: string,
        readonly total: number,
        private readonly source: RangeSource,
        private readonly settings: Pick<RegistryConfig, "partSizeMin" | "partSizeMax" | "maxStreams" | "stallTimeout" | "retries"> & {
            /** False when the source cannot serve ranges: one part, restarted from 0 when it fails. */
            ranges?: boolean;
        },
        signal: AbortSignal
    ) {
        this.ready = new Promise((resolve) => (this.#markReady = resolve));
        this.done = this.#run(signal);
        const markReady = () => this.#markReady();
        this.done.then(markReady, markReady);
        this.done.catch(() => undefined); // observed by whoever awaits it; never an unhandled rejection
    }

    /** Bytes in the partial file so far, resumed ones included. */
    get completed(): number {
        return this.#completed;
    }

    async #run(signal: AbortSignal): Promise<void> {
        try {
            this.#parts = (await this.#resumeParts()) ?? (await this.#freshParts());
        } catch (error) {
            throw storeIoError("write", this.partialPath, error);
        }
        this.#completed = this.#parts.reduce((sum, part) => sum + part.Completed, 0);
        this.#markReady();
        this.#handle = await open(this.partialPath, "r+").catch((error: unknown) => {
            throw storeIoError("write", this.partialPath, error);
        });
        const pending = this.#parts.filter((part) => part.Completed < part.Size);
        const failure = new AbortController(); // the first part to fail stops the others
        const stop = AbortSignal.any([signal, failure.signal]);
        try {
            const workers = Array.from({ length: Math.min(this.settings.maxStreams, pending.length) }, async () => {
                for (let part = pending.shift(); part; part = pending.shift()) {
                    try {
                        await this.#downloadPart(part, stop);
                    } catch (error) {
                        failure.abort(error);
                        throw error;
                    }
                }
            });
            const results = await Promise.allSettled(workers);
            if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new RequestCanceledError();
            const failed = results.find((result) => result.status === "rejected");
            if (failed) throw (failed as PromiseRejectedResult).reason;
        } finally {
            await Promise.all(this.#parts.map((part) => this.#save(part).catch(() => undefined)));
            await this.#handle.close();
        }
    }

    /** The state left by an earlier attempt, when it describes this blob completely; undefined to start over. */
    async #resumeParts(): Promise<Part[] | undefined> {
        const parts: Part[] = [];
        for (let n = 0; ; n++) {
            let state: PartState;
            try {
                state = JSON.parse(await readFile(`${this.partialPath}-${n}`, "utf8")) as PartState;
            } catch {
                break;
            }
            const expectedOffset = n === 0 ? 0 : parts[n - 1]!.Offset + parts[n - 1]!.Size;
            const valid =
                state.N === n &&
                state.Offset === expectedOffset &&
                Number.isSafeInteger(state.Size) &&
                state.Size > 0 &&
                Number.isSafeInteger(state.Completed) &&
                state.Completed >= 0 &&
                state.Completed <= state.Size;
            if (!valid) return undefined;
            parts.push({ ...state, savedAt: Date.now(), saved: state.Completed });
        }
        const last = parts.at(-1);
        if (!last || last.Offset + last.Size !== this.total) return undefined;
        const size = await open(this.partialPath, "r")
            .then(async (handle) => {
                try {
                    return (await handle.stat()).size;
                } finally {
                    await handle.close();
                }
            })
            .catch(() => -1);
        return size === this.total ? parts : undefined;
    }

    async #freshParts(): Promise<Part[]> {
        await removeDownloadState(this.partialPath);
        const handle = await open(this.partialPath, "w");
        try {
            await handle.truncate(this.total); // sparse: parts write at their offsets
        } finally {
            await handle.close();
        }
        const size = this.settings.ranges === false ? Math.max(this.total, 1) : partSize(this.total, this.settings);
        const parts: Part[] = [];
        for (let offset = 0, n = 0; offset < this.total; offset += size, n++) {
            parts.push({ N: n, Offset: offset, Size: Math.min(size, this.total - offset), Completed: 0, savedAt: 0, saved: -1 });
        }
        for (const part of parts) await this.#save(part);
        return parts;
    }

    async #downloadPart(part: Part, signal: AbortSignal): Promise<void> {
        let failures = 0;
        while (part.Completed < part.Size) {
            try {
                await this.#fetchPart(part, signal);
            } catch (error) {
                if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : error;
                if (error instanceof StallError) continue;
                if (error instanceof StoreError) throw error;
                if (error instanceof DownloadRefusedError || ++failures > this.settings.retries) {
                    const message = error instanceof Error ? error.message : String(error);
                    throw error instanceof RegistryError ? error : new RegistryError(`cannot download ${this.source.label}: ${message}`);
                }
                await this.#save(part);
                await sleep(1000 * 2 ** (failures - 1), undefined, { signal }).catch(() => undefined);
            }
        }
    }

    /** One request for the rest of a part; returns when the part is complete, throws when the bytes stop coming. */
    async #fetchPart(part: Part, signal: AbortSignal): Promise<void> {
        const start = part.Offset + part.Completed;
        const end = part.Offset + part.Size - 1;
        const request = new AbortController();
        const stop = AbortSignal.any([signal, request.signal]);
        let stalled = false;
        let timer: NodeJS.Timeout | undefined;
        const armStallTimer = () => {
            if (!Number.isFinite(this.settings.stallTimeout)) return;
            clearTimeout(timer);
            timer = setTimeout(() => {
                stalled = true;
                request.abort();
            }, this.settings.stallTimeout);
        };
        armStallTimer();
        try {
            const response = await this.source.fetchRange(start, end, stop);
            if (response.status === 200) {
                // The server ignored Range and sends everything: only usable by a single part starting over.
                if (this.#parts.length !== 1) {
                    await response.body?.cancel();
                    throw new DownloadRefusedError(`the server does not serve byte ranges`);
                }
                this.#completed -= part.Completed;
                part.Completed = 0;
            } else if (response.status === 206) {
                const range = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers.get("content-range") ?? "");
                if (range && range[2] !== "*" && Number(range[2]) !== this.total) {
                    await response.body?.cancel();
                    throw new DownloadRefusedError(`the server has ${range[2]} bytes where ${this.total} were announced`);
                }
                if (!range || Number(range[1]) !== start) {
                    await response.body?.cancel();
                    throw new DownloadRefusedError(
                        `asked for bytes from ${start}, the server sent ${JSON.stringify(response.headers.get("content-range"))}`
                    );
                }
            } else if (response.status !== 200) {
                await response.body?.cancel();
                const message = `the server answered ${response.status} ${response.statusText}`;
                throw response.status >= 500 || response.status === 429 ? new Error(message) : new DownloadRefusedError(message);
            }
            if (!response.body) throw new Error("the response has no body");
            for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
                armStallTimer();
                const room = part.Size - part.Completed;
                const bytes = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
                try {
                    await this.#handle!.write(bytes, 0, bytes.byteLength, part.Offset + part.Completed);
                } catch (error) {
                    throw storeIoError("write", this.partialPath, error); // a full disk is not helped by retrying
                }
                part.Completed += bytes.byteLength;
                this.#completed += bytes.byteLength;
                if (chunk.byteLength > room) {
                    await response.body.cancel().catch(() => undefined);
                    throw new DownloadRefusedError(`the server sent more than the ${this.total} bytes announced`);
                }
                if (Date.now() - part.savedAt >= saveIntervalMs) await this.#save(part);
            }
            if (part.Completed < part.Size)
                throw new Error(`the connection closed after ${part.Completed} of ${part.Size} bytes of part ${part.N}`);
        } catch (error) {
            if (stalled && !signal.aborted) throw new StallError();
            throw error;
        } finally {
            clearTimeout(timer);
            await this.#save(part).catch(() => undefined);
        }
    }

    /** Writes a part's state (temp file + rename, so a crash never leaves half a JSON), when it changed. */
    async #save(part: Part): Promise<void> {
        if (part.saved === part.Completed) return;
        const completed = part.Completed;
        const state: PartState = { N: part.N, Offset: part.Offset, Size: part.Size, Completed: completed };
        const path = `${this.partialPath}-${part.N}`;
        const temp = `${path}.tmp`;
        try {
            const handle = await open(temp, "w");
            try {
                await handle.writeFile(JSON.stringify(state));
            } finally {
                await handle.close();
            }
            await rename(temp, path);
        } catch (error) {
            throw storeIoError("write", path, error);
        }
        part.saved = completed;
        part.savedAt = Date.now();
    }
}

/** Deletes a download's part state files (`<partialPath>-0`, `-1`, … and their temp files). */
export async function removeDownloadState(partialPath: string): Promise<void> {
    for (let n = 0; ; n++) {
        await rm(`${partialPath}-${n}.tmp`, { force: true });
        try {
            await rm(`${partialPath}-${n}`);
        } catch {
            return;
        }
    }
}

/** A part received nothing for the stall timeout: restart it, without counting a failure. */
class StallError extends Error {}

/** Retrying would not help (the server refuses ranges, sent too much, answered 404); sources throw it too. */
export class DownloadRefusedError extends Error {}
