/**
 * @module BlobUpload
 * Uploads one blob in the distribution protocol's chunked form: a PATCH per chunk to the upload's
 * current location (each answer names the next one), then a PUT with the digest, which the
 * registry checks against what it received. Chunks are sized like download parts, so a big blob
 * never travels as one request. Progress counts the bytes handed to the connection.
 */
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import type { RegistryConfig } from "../../config/Config.js";
import { RegistryError } from "../errors/RegistryError.js";
import type { Digest } from "../store/Digest.js";
import { partSize } from "./BlobDownload.js";
import type { RegistryClient } from "./RegistryClient.js";

export class BlobUpload {
    #completed = 0;
    readonly done: Promise<void>;

    constructor(
        private readonly client: RegistryClient,
        /** The upload's location, from the POST that started it. */
        location: string,
        private readonly path: string,
        readonly digest: Digest,
        readonly total: number,
        private readonly settings: Pick<RegistryConfig, "partSizeMin" | "partSizeMax">,
        private readonly signal?: AbortSignal
    ) {
        this.done = this.#run(location);
        this.done.catch(() => undefined); // observed by whoever awaits it
    }

    get completed(): number {
        return this.#completed;
    }

    async #run(location: string): Promise<void> {
        const chunk = partSize(this.total, this.settings);
        for (let start = 0; start < this.total; start += chunk) {
            const end = Math.min(start + chunk, this.total) - 1;
            const response = await this.client.expect("PATCH", location, [202, 204], `upload ${this.digest}`, {
                headers: {
                    "Content-Type": "application/octet-stream",
                    "Content-Range": `${start}-${end}`,
                    "Content-Length": String(end - start + 1)
                },
                body: () => this.#chunkBody(start, end),
                ...(this.signal ? { signal: this.signal } : {})
            });
            location = nextLocation(response, location);
            await response.body?.cancel();
        }
        const finish = new URL(location);
        finish.searchParams.set("digest", this.digest);
        const response = await this.client.expect("PUT", finish.href, [201, 204], `finish the upload of ${this.digest}`, {
            headers: { "Content-Length": "0" },
            ...(this.signal ? { signal: this.signal } : {})
        });
        await response.body?.cancel();
        this.#completed = this.total;
    }

    /** A fresh stream of the chunk (a retried request needs its body again), counting bytes as they go. */
    #chunkBody(start: number, end: number): ReadableStream<Uint8Array> {
        this.#completed = start;
        const file = createReadStream(this.path, { start, end });
        file.on("data", (bytes) => (this.#completed += (bytes as Buffer).byteLength));
        return Readable.toWeb(file) as ReadableStream<Uint8Array>;
    }
}

/** Where the upload continues: the answer's Location, resolved against the URL it answered. */
export function nextLocation(response: Response, current: string): string {
    const location = response.headers.get("docker-upload-location") ?? response.headers.get("location");
    if (!location) throw new RegistryError(`the registry did not say where to continue the upload (no Location header)`);
    return new URL(location, current).href;
}
