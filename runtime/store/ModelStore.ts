/**
 * @module ModelStore
 * Ollama's on-disk model store: `manifests/<host>/<namespace>/<model>/<tag>` (JSON) and
 * `blobs/sha256-<hex>` (content-addressed). Every write goes through a temp file and a rename, and
 * deletes remove the manifest before the blobs, so a crash at any point leaves a store whose
 * manifests all point at complete blobs (at worst with unreferenced blobs that the next prune removes).
 */
import { createReadStream } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink } from "node:fs/promises";
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { atomicWriteFile, syncDirectory, tempPathFor } from "./atomicWriteFile.js";
import { blobFileName, isDigest, parseDigest, sha256Digest, type Digest } from "./Digest.js";
import { manifestDigests, manifestProblem, type Manifest } from "./Manifest.js";
import { manifestSegments, parseModelNameBare, modelNameProblem, displayShortest, type ModelName } from "./ModelName.js";
import { BlobNotFoundError } from "../errors/BlobNotFoundError.js";
import { DigestMismatchError } from "../errors/DigestMismatchError.js";
import { ModelNotFoundError } from "../errors/ModelNotFoundError.js";
import { StoreError } from "../errors/StoreError.js";
import { storeIoError } from "./storeIoError.js";

export type StoredManifest = {
    /** The name as it is spelled on disk (lookups ignore case, so this may differ from the request). */
    name: ModelName;
    manifest: Manifest;
    /** sha256 of the manifest's bytes: the model's ID in `list`. */
    digest: Digest;
    modifiedAt: Date;
    /** The manifest file, for callers that cache what they read and re-check it cheaply. */
    path: string;
};

export type BlobWrite = { digest: Digest; size: number; created: boolean };

/** Temp files younger than this may belong to a write still in progress in another process. */
const staleTempAgeMs = 60 * 60 * 1000;

/**
 * Partial downloads are kept this long after their last write, so a pull resumes after a restart
 * even days later (Ollama drops them after an hour, and users re-download gigabytes).
 */
const partialDownloadAgeMs = 7 * 24 * 60 * 60 * 1000;

export class ModelStore {
    readonly manifestsDir: string;
    readonly blobsDir: string;

    constructor(readonly root: string) {
        this.manifestsDir = join(root, "manifests");
        this.blobsDir = join(root, "blobs");
    }

    blobPath(digest: Digest): string {
        return join(this.blobsDir, blobFileName(parseDigest(digest)));
    }

    async hasBlob(digest: Digest): Promise<boolean> {
        return (await this.blobSize(digest)) !== undefined;
    }

    async blobSize(digest: Digest): Promise<number | undefined> {
        try {
            const info = await stat(this.blobPath(digest));
            return info.isFile() ? info.size : undefined;
        } catch (error) {
            if (isNotFound(error)) return undefined;
            throw storeIoError("read", this.blobPath(digest), error);
        }
    }

    async readBlob(digest: Digest): Promise<Buffer> {
        try {
            return await readFile(this.blobPath(digest));
        } catch (error) {
            if (isNotFound(error)) throw new BlobNotFoundError(digest);
            throw storeIoError("read", this.blobPath(digest), error);
        }
    }

    /** Stores bytes already in memory (text layers, config, manifests' blobs). */
    async writeBlobBytes(data: string | Uint8Array): Promise<BlobWrite> {
        const digest = sha256Digest(data);
        const size = typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
        if (await this.hasBlob(digest)) return { digest, size, created: false };
        const target = this.blobPath(digest);
        try {
            await atomicWriteFile(target, data);
        } catch (error) {
            throw storeIoError("write", target, error);
        }
        return { digest, size, created: true };
    }

    /**
     * Streams content into the store, hashing it on the way. With `expected`, content that hashes to
     * anything else is discarded and rejected; nothing under a blob name is ever partially written.
     */
    async writeBlobStream(source: Readable | AsyncIterable<Uint8Array>, expected?: Digest): Promise<BlobWrite> {
        if (expected !== undefined) expected = parseDigest(expected);
        await this.ensureDir(this.blobsDir);
        const temp = tempPathFor(join(this.blobsDir, "upload"));
        const hash = createHash("sha256");
        let size = 0;
        try {
            const handle = await open(temp, "wx", 0o644);
            try {
                for await (const chunk of source) {
                    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
                    hash.update(bytes);
                    size += bytes.byteLength;
                    await handle.write(bytes);
                }
                await handle.sync();
            } finally {
                await handle.close();
            }
            const digest: Digest = `sha256:${hash.digest("hex")}`;
            if (expected !== undefined && digest !== expected) throw new DigestMismatchError(expected, digest);
            if (await this.hasBlob(digest)) {
                await rm(temp, { force: true });
                return { digest, size, created: false };
            }
            await rename(temp, this.blobPath(digest));
            await syncDirectory(this.blobsDir);
            return { digest, size, created: true };
        } catch (error) {
            await rm(temp, { force: true });
            if (error instanceof DigestMismatchError) throw error;
            throw storeIoError("write", this.blobsDir, error);
        }
    }

    /** Where a download of `digest` keeps its bytes until they are verified (Ollama's name for it). */
    partialBlobPath(digest: Digest): string {
        return `${this.blobPath(digest)}-partial`;
    }

    /** Where a download whose digest is not known beforehand (a plain URL) keeps its bytes; `key` is 64 hex digits. */
    downloadPartialPath(key: string): string {
        if (!/^[0-9a-f]{64}$/.test(key)) throw new StoreError(`invalid download key ${JSON.stringify(key)}`);
        return join(this.blobsDir, `download-${key}-partial`);
    }

    /** Creates `blobs/` (a download opens its partial file there before any blob exists). */
    async ensureBlobsDir(): Promise<void> {
        await this.ensureDir(this.blobsDir);
    }

    /**
     * Makes a finished download a blob: hashes the file at `path` (a partial file in `blobs/`) and
     * renames it to its digest's name. With `expected`, content hashing to anything else is deleted
     * and rejected, so no blob name ever holds bytes that do not match it.
     */
    async adoptFile(path: string, expected?: Digest): Promise<BlobWrite> {
        const hash = createHash("sha256");
        let size = 0;
        try {
            for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
                hash.update(chunk);
                size += chunk.byteLength;
            }
        } catch (error) {
            throw storeIoError("read", path, error);
        }
        const digest: Digest = `sha256:${hash.digest("hex")}`;
        if (expected !== undefined && digest !== parseDigest(expected)) {
            await rm(path, { force: true });
            throw new DigestMismatchError(expected, digest);
        }
        const existed = await this.hasBlob(digest);
        try {
            if (existed) await rm(path, { force: true });
            else {
                await rename(path, this.blobPath(digest));
                await syncDirectory(this.blobsDir);
            }
        } catch (error) {
            throw storeIoError("write", this.blobPath(digest), error);
        }
        return { digest, size, created: !existed };
    }

    /** Copies a local file into the store (what `create` does for a `FROM ./model.gguf`). */
    async importFile(path: string): Promise<BlobWrite> {
        return this.writeBlobStream(createReadStream(path));
    }

    /** Every manifest in the store. Corrupt or misplaced ones are reported in `problems`, not thrown. */
    async listManifests(): Promise<{ models: StoredManifest[]; problems: string[] }> {
        const models: StoredManifest[] = [];
        const problems: string[] = [];
        for (const segments of await this.walkManifests()) {
            const name = nameFromSegments(segments);
            const path = join(this.manifestsDir, ...segments);
            if (!name) {
                problems.push(`${path}: not a valid model name`);
                continue;
            }
            try {
                models.push(await this.readManifestAt(name, path));
            } catch (error) {
                problems.push(error instanceof Error ? error.message : String(error));
            }
        }
        return { models, problems };
    }

    /** Finds the manifest a name refers to, ignoring case as Ollama does; undefined when there is none. */
    async find(name: ModelName): Promise<StoredManifest | undefined> {
        const segments = await this.resolveSegments(name);
        if (!segments) return undefined;
        return this.readManifestAt(nameFromSegments(segments)!, join(this.manifestsDir, ...segments));
    }

    async get(name: ModelName): Promise<StoredManifest> {
        const found = await this.find(name);
        if (!found) throw new ModelNotFoundError(displayShortest(name));
        return found;
    }

    /**
     * Writes a manifest after checking that every blob it names is present. An existing model whose
     * name differs only in case is overwritten in place rather than duplicated.
     */
    async writeManifest(name: ModelName, manifest: Manifest): Promise<StoredManifest> {
        for (const digest of manifestDigests(manifest)) {
            if (!(await this.hasBlob(digest))) throw new BlobNotFoundError(digest);
        }
        return this.writeManifestBytes(name, JSON.stringify(manifest));
    }

    /**
     * Writes a manifest exactly as a registry sent it (its digest is then the registry's), after
     * checking its shape and that every blob it names is present.
     */
    async writeManifestRaw(name: ModelName, bytes: Uint8Array): Promise<StoredManifest> {
        let parsed: unknown;
        try {
            parsed = JSON.parse(Buffer.from(bytes).toString("utf8"));
        } catch {
            throw new StoreError("refusing to write a manifest that is not valid JSON");
        }
        const problem = manifestProblem(parsed);
        if (problem) throw new StoreError(`refusing to write an invalid manifest: ${problem}`);
        for (const digest of manifestDigests(parsed as Manifest)) {
            if (!(await this.hasBlob(digest))) throw new BlobNotFoundError(digest);
        }
        return this.writeManifestBytes(name, bytes);
    }

    /** Copies a manifest byte for byte, so the copy has the same ID (digest) as the source, as in Ollama. */
    copy(source: ModelName, destination: ModelName): Promise<StoredManifest> {
        // Exclusive: a delete of the destination beside it would remove the folder it writes into.
        return this.exclusive(async () => {
            const segments = await this.resolveSegments(source);
            if (!segments) throw new ModelNotFoundError(displayShortest(source));
            const path = join(this.manifestsDir, ...segments);
            await this.readManifestAt(nameFromSegments(segments)!, path); // refuse to spread a corrupt manifest
            return this.writeManifestBytes(destination, await readFile(path));
        });
    }

    private async writeManifestBytes(name: ModelName, bytes: string | Uint8Array): Promise<StoredManifest> {
        const segments = (await this.resolveSegments(name)) ?? manifestSegments(name);
        const path = join(this.manifestsDir, ...segments);
        try {
            await atomicWriteFile(path, bytes);
        } catch (error) {
            throw storeIoError("write", path, error);
        }
        const onDisk = nameFromSegments(segments)!;
        try {
            return await this.readManifestAt(onDisk, path);
        } catch (error) {
            // Deleted by a concurrent request as soon as written: this write still happened, and succeeded.
            if (!(error instanceof ModelNotFoundError)) throw error;
            const manifest = JSON.parse(Buffer.from(bytes).toString("utf8")) as Manifest;
            return { name: onDisk, manifest, digest: sha256Digest(Buffer.from(bytes)), modifiedAt: new Date(), path };
        }
    }

    /**
     * Runs `task` alone among this store's manifest changes. Create's writing of its layers and
     * manifest, a delete and a pull's commit each prune the blobs no manifest uses: run side by side,
     * one would prune the blobs another has written (or reused) but not yet named in its manifest.
     * Tasks must be short and must not wait on a client.
     */
    exclusive<T>(task: () => Promise<T>): Promise<T> {
        const run = this.#exclusive.then(task);
        this.#exclusive = run.then(
            () => undefined,
            () => undefined
        );
        return run;
    }

    #exclusive: Promise<void> = Promise.resolve();

    /** Removes a model, then the blobs no other manifest uses, then empty manifest folders. */
    delete(name: ModelName): Promise<ModelName> {
        return this.exclusive(() => this.deleteNow(name));
    }

    private async deleteNow(name: ModelName): Promise<ModelName> {
        const segments = await this.resolveSegments(name);
        if (!segments) throw new ModelNotFoundError(displayShortest(name));
        const path = join(this.manifestsDir, ...segments);
        const onDisk = nameFromSegments(segments)!;
        // A corrupt manifest can still be deleted; its blobs are then left for the start-up prune.
        const stored = await this.readManifestAt(onDisk, path).catch(() => undefined);
        try {
            await unlink(path);
        } catch (error) {
            // A delete of the same model running beside this one got there first.
            if (isNotFound(error)) throw new ModelNotFoundError(displayShortest(name));
            throw storeIoError("delete", path, error);
        }
        await this.removeEmptyManifestDirs(segments);
        if (stored) await this.removeUnreferencedBlobs(new Set(manifestDigests(stored.manifest)));
        return onDisk;
    }

    /**
     * Start-up clean-up: blobs no manifest references, and temp files a crashed write left behind
     * (only stale ones, since a live write may be in progress). `graceMs` spares blobs written that
     * recently, which another process's `create` may be about to reference. Skipped when any
     * manifest is unreadable, because then we cannot know which blobs are in use.
     */
    async prune({ now = Date.now(), graceMs = 0 }: { now?: number; graceMs?: number } = {}): Promise<{
        removed: string[];
        skipped?: string;
    }> {
        const { models, problems } = await this.listManifests();
        if (problems.length > 0) return { removed: [], skipped: `unreadable manifests: ${problems.join("; ")}` };
        const inUse = new Set(models.flatMap((model) => manifestDigests(model.manifest).map(blobFileName)));
        const removed: string[] = [];
        for (const entry of await this.readDirOrEmpty(this.blobsDir)) {
            const path = join(this.blobsDir, entry);
            const isBlob = isDigest(entry) && entry.startsWith("sha256-");
            if (isBlob && inUse.has(entry)) continue;
            const info = await stat(path).catch(() => undefined);
            const keepFor = isBlob ? graceMs : entry.includes("-partial") ? partialDownloadAgeMs : staleTempAgeMs;
            if (!info || now - info.mtimeMs < keepFor) continue;
            await rm(path, { force: true });
            removed.push(entry);
        }
        return { removed };
    }

    /** Deletes the given blobs unless some manifest still uses them. */
    async removeUnreferencedBlobs(candidates: Set<Digest>): Promise<Digest[]> {
        const { models, problems } = await this.listManifests();
        // A manifest we cannot read might reference these blobs; keep them rather than guess.
        if (problems.length > 0) return [];
        for (const model of models) for (const digest of manifestDigests(model.manifest)) candidates.delete(digest);
        for (const digest of candidates) await rm(this.blobPath(digest), { force: true });
        return [...candidates];
    }

    private async readManifestAt(name: ModelName, path: string): Promise<StoredManifest> {
        let bytes: Buffer;
        let modifiedAt: Date;
        try {
            bytes = await readFile(path);
            modifiedAt = (await stat(path)).mtime;
        } catch (error) {
            if (isNotFound(error)) throw new ModelNotFoundError(displayShortest(name));
            throw storeIoError("read", path, error);
        }
        let parsed: unknown;
        try {
            parsed = JSON.parse(bytes.toString("utf8"));
        } catch {
            throw new StoreError(`corrupt manifest ${path}: not valid JSON`);
        }
        const problem = manifestProblem(parsed);
        if (problem) throw new StoreError(`corrupt manifest ${path}: ${problem}`);
        return { name, manifest: parsed as Manifest, digest: sha256Digest(bytes), modifiedAt, path };
    }

    /** The on-disk segments of the manifest matching `name` case-insensitively. */
    private async resolveSegments(name: ModelName): Promise<[string, string, string, string] | undefined> {
        const wanted = manifestSegments(name);
        const found: string[] = [];
        let dir = this.manifestsDir;
        for (const part of wanted) {
            const entries = await this.readDirOrEmpty(dir);
            const match = entries.includes(part) ? part : entries.find((entry) => entry.toLowerCase() === part.toLowerCase());
            if (match === undefined) return undefined;
            found.push(match);
            dir = join(dir, match);
        }
        const info = await stat(dir).catch(() => undefined);
        return info?.isFile() ? (found as [string, string, string, string]) : undefined;
    }

    private async walkManifests(): Promise<string[][]> {
        let paths: string[][] = [[]];
        for (let depth = 0; depth < 4; depth++) {
            const next: string[][] = [];
            for (const segments of paths) {
                const dir = join(this.manifestsDir, ...segments);
                for (const entry of await this.readDirOrEmpty(dir, depth < 3 ? "dirs" : "files")) next.push([...segments, entry]);
            }
            paths = next;
        }
        return paths;
    }

    private async readDirOrEmpty(dir: string, kind: "dirs" | "files" | "all" = "all"): Promise<string[]> {
        try {
            const entries = await readdir(dir, { withFileTypes: true });
            return entries
                .filter((entry) => kind === "all" || (kind === "dirs" ? entry.isDirectory() : entry.isFile()))
                .filter((entry) => !(kind === "files" && entry.name.startsWith(".")))
                .map((entry) => entry.name);
        } catch (error) {
            if (isNotFound(error) || (error as NodeJS.ErrnoException).code === "ENOTDIR") return [];
            throw storeIoError("read", dir, error);
        }
    }

    private async removeEmptyManifestDirs(segments: string[]): Promise<void> {
        for (let depth = segments.length - 1; depth >= 1; depth--) {
            try {
                await rmdir(join(this.manifestsDir, ...segments.slice(0, depth)));
            } catch {
                return; // not empty (or already gone): stop climbing
            }
        }
    }

    private async ensureDir(dir: string): Promise<void> {
        try {
            await mkdir(dir, { recursive: true });
        } catch (error) {
            throw storeIoError("write", dir, error);
        }
    }
}

function nameFromSegments(segments: string[]): ModelName | undefined {
    const [host, namespace, model, tag] = segments;
    if (segments.length !== 4) return undefined;
    const name = parseModelNameBare(`${host}/${namespace}/${model}:${tag}`);
    return modelNameProblem(name) ? undefined : name;
}

function isNotFound(error: unknown): boolean {
    return (error as NodeJS.ErrnoException)?.code === "ENOENT";
}
