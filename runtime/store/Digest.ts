/**
 * @module Digest
 * Content digests as Ollama writes them: `sha256:<64 hex>` in manifests and the API, `sha256-<64 hex>`
 * as blob file names. Parsing is strict (lowercase hex, exact length), which is also what keeps a
 * digest from naming any file outside `blobs/`.
 */
import { createHash } from "node:crypto";
import { InvalidDigestError } from "../errors/InvalidDigestError.js";

const digestPattern = /^sha256[:-]([0-9a-f]{64})$/;

export type Digest = `sha256:${string}`;

/** Accepts `sha256:<hex>` or `sha256-<hex>` and returns the canonical `sha256:<hex>` form. */
export function parseDigest(input: string): Digest {
    const match = digestPattern.exec(input);
    if (!match) throw new InvalidDigestError(input);
    return `sha256:${match[1]}`;
}

export function isDigest(input: string): boolean {
    return digestPattern.test(input);
}

/** The blob's file name below `blobs/`. */
export function blobFileName(digest: Digest): string {
    return digest.replace(":", "-");
}

/** The 64 hex digits without the algorithm. */
export function digestHex(digest: Digest): string {
    return digest.slice("sha256:".length);
}

export function sha256Digest(data: string | Uint8Array): Digest {
    return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}
