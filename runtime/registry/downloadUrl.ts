/**
 * @module downloadUrl
 * A GGUF from a plain URL (`kettle pull https://host/model.gguf`, a Modelfile's `FROM https://…`)
 * downloaded into the store like a registry blob: parallel ranged parts when the server serves
 * ranges, resumable, then hashed. The digest is only known afterwards, unless the URL ends in
 * `#sha256=<hex>` or the server vouches for one (Hugging Face's `X-Linked-Etag`); then the bytes
 * must match it. The partial file is named after the URL and the file's validator (ETag, size), so
 * a resumed download never mixes two versions of a file, and `If-Range` guards each part.
 */
import { createHash } from "node:crypto";
import { BadRequestError } from "../errors/BadRequestError.js";
import { RegistryError } from "../errors/RegistryError.js";
import { RequestCanceledError } from "../errors/RequestCanceledError.js";
import type { ProgressResponse } from "../ollama/types.js";
import type { Digest } from "../store/Digest.js";
import type { BlobWrite } from "../store/ModelStore.js";
import { BlobDownload, DownloadRefusedError, type RangeSource } from "./BlobDownload.js";
import { commitDownload } from "./commitDownload.js";
import { followTransfer } from "./followTransfer.js";
import { isLoopbackHost } from "../http/isLoopbackHost.js";
import { userAgent } from "./RegistryClient.js";
import type { TransferContext } from "./TransferContext.js";

/** True for what `pull` and `FROM` treat as a download URL rather than a model name. */
export function isDownloadUrl(text: string): boolean {
    return /^https?:\/\//i.test(text.trim());
}

type Probe = { size: number; ranges: boolean; validator: string; ifRange?: string; linkedDigest?: Digest };

const maxRedirects = 10;

export async function* downloadUrl(
    context: TransferContext,
    input: string,
    options: { insecure?: boolean } = {},
    signal?: AbortSignal
): AsyncGenerator<ProgressResponse, BlobWrite> {
    const url = checkUrl(input, options.insecure === true);
    const expected = expectedDigest(url);
    url.hash = "";
    const status = `pulling ${downloadFileName(url)}`;
    const present = async (digest: Digest | undefined) => (digest ? await context.store.blobSize(digest) : undefined);

    let size = await present(expected);
    if (expected && size !== undefined) {
        yield { status, total: size, completed: size };
        return { digest: expected, size, created: false };
    }
    const probe = await probeUrl(url, signal);
    const digest = expected ?? probe.linkedDigest;
    size = await present(digest);
    if (digest && size !== undefined) {
        yield { status, total: size, completed: size };
        return { digest, size, created: false };
    }

    await context.store.ensureBlobsDir();
    const key = createHash("sha256").update(`${url.href}\n${probe.validator}\n${probe.size}`).digest("hex");
    const partialPath = context.store.downloadPartialPath(key);
    const lease = context.downloads.join(
        partialPath,
        (stop) => new BlobDownload(partialPath, probe.size, urlSource(url, probe), { ...context.settings, ranges: probe.ranges }, stop)
    );
    try {
        yield* followTransfer(lease.download, status, undefined, signal);
    } finally {
        lease.release();
    }
    yield { status: "verifying sha256 digest" };
    return context.downloads.verify(partialPath, () => commitDownload(context.store, partialPath, digest));
}

/** The file's name in the URL's path (`model.gguf`), for status lines and the model's name. */
export function downloadFileName(url: URL): string {
    const last = url.pathname.split("/").filter(Boolean).at(-1) ?? "";
    try {
        return decodeURIComponent(last) || url.hostname;
    } catch {
        return last || url.hostname;
    }
}

function checkUrl(input: string, insecure: boolean): URL {
    let url: URL;
    try {
        url = new URL(input.trim());
    } catch {
        throw new BadRequestError(`invalid URL ${JSON.stringify(input)}`);
    }
    if (url.username || url.password) throw new BadRequestError(`a download URL cannot carry a user name or password: ${url.host}`);
    // Plain http is fine on this machine; across a network it needs the same opt-in as a registry.
    if (url.protocol === "http:" && !insecure && !isLoopbackHost(url.hostname))
        throw new BadRequestError(`insecure protocol http: download ${url.href} over https, or pull with --insecure`);
    return url;
}

/** `#sha256=<hex>` (or `#sha256:<hex>`) at the end of the URL pins the content. */
function expectedDigest(url: URL): Digest | undefined {
    if (!url.hash) return undefined;
    const match = /^#sha256[=:]([0-9a-fA-F]{64})$/.exec(url.hash);
    if (!match) throw new BadRequestError(`the URL's fragment ${JSON.stringify(url.hash)} is not #sha256=<64 hex digits>`);
    return `sha256:${match[1]!.toLowerCase()}`;
}

/** Size, range support and validator of the file, following redirects by hand to see Hugging Face's `X-Linked-*` headers on the way. */
async function probeUrl(url: URL, signal: AbortSignal | undefined): Promise<Probe> {
    let linkedDigest: Digest | undefined;
    let linkedSize: number | undefined;
    let target = url.href;
    for (let hop = 0; hop <= maxRedirects; hop++) {
        let response = await send(target, { method: "HEAD", redirect: "manual" }, signal);
        const linked = /^"?([0-9a-f]{64})"?$/.exec(response.headers.get("x-linked-etag") ?? "");
        if (linked) linkedDigest = `sha256:${linked[1]}`;
        const linkedSizeHeader = Number(response.headers.get("x-linked-size"));
        if (Number.isSafeInteger(linkedSizeHeader) && linkedSizeHeader >= 0 && response.headers.has("x-linked-size"))
            linkedSize = linkedSizeHeader;
        const location = response.headers.get("location");
        if (response.status >= 300 && response.status < 400 && location) {
            target = new URL(location, target).href;
            continue;
        }
        if (response.status === 405 || response.status === 501 || response.status === 403) {
            // No HEAD (or a signed URL for GET only): ask for the first byte instead.
            response = await send(target, { headers: { Range: "bytes=0-0" } }, signal);
            await response.body?.cancel();
        }
        if (response.status === 404) throw new RegistryError(`cannot download ${url.href}: the server answered 404 Not Found`);
        if (!response.ok)
            throw new RegistryError(`cannot download ${url.href}: the server answered ${response.status} ${response.statusText}`);
        const range = /\/(\d+)$/.exec(response.headers.get("content-range") ?? "");
        const length = response.headers.get("content-length");
        const size = range ? Number(range[1]) : length !== null ? Number(length) : linkedSize;
        if (size === undefined || !Number.isSafeInteger(size))
            throw new RegistryError(`cannot download ${url.href}: the server does not say how big the file is (no Content-Length)`);
        const etag = response.headers.get("etag") ?? undefined;
        const strongEtag = etag && !etag.startsWith("W/") ? etag : undefined;
        const ranges = response.status === 206 || (response.headers.get("accept-ranges") ?? "").toLowerCase().includes("bytes");
        const lastModified = response.headers.get("last-modified") ?? undefined;
        return {
            size,
            ranges,
            validator: etag ?? lastModified ?? "",
            ...((strongEtag ?? lastModified) ? { ifRange: strongEtag ?? lastModified } : {}),
            ...(linkedDigest ? { linkedDigest } : {})
        };
    }
    throw new RegistryError(`cannot download ${url.href}: more than ${maxRedirects} redirects`);
}

function urlSource(url: URL, probe: Probe): RangeSource {
    return {
        label: url.href,
        async fetchRange(start, end, signal) {
            // Without ranges there is one part, and a retry starts it over (BlobDownload expects the 200).
            if (!probe.ranges) return send(url.href, {}, signal);
            const whole = start === 0 && end === probe.size - 1;
            const headers: Record<string, string> = {};
            if (!whole) {
                headers.Range = `bytes=${start}-${end}`;
                if (probe.ifRange) headers["If-Range"] = probe.ifRange;
            }
            const response = await send(url.href, { headers }, signal);
            if (response.status === 200 && !whole) {
                await response.body?.cancel();
                throw new DownloadRefusedError(`the file changed on the server while it was being downloaded; pull again`);
            }
            return response;
        }
    };
}

async function send(url: string, init: RequestInit, signal: AbortSignal | undefined): Promise<Response> {
    try {
        return await fetch(url, {
            ...init,
            headers: { "User-Agent": userAgent, ...(init.headers as Record<string, string>) },
            ...(signal ? { signal } : {})
        });
    } catch (error) {
        if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new RequestCanceledError({ cause: error });
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new RegistryError(`cannot reach ${new URL(url).origin}: ${cause?.code ?? cause?.message ?? String(error)}`, { cause: error });
    }
}
