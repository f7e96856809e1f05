/**
 * @module pullModel
 * `POST /api/pull` and `kettle pull` for a registry model: the manifest, then each layer not in the
 * store yet (downloaded in parallel ranged parts, shared with any other pull of it, resumable), then
 * every downloaded layer verified, then the manifest written, exactly as the registry sent it.
 * Ollama's status lines, in Ollama's order.
 *
 * Nothing the registry sends reaches the file system unchecked: the manifest is validated (every
 * digest `sha256:` + 64 hex, sizes whole numbers) before a single byte is written, so a digest like
 * `../../etc/passwd` (CVE-2024-37032) is refused, and blob names come only from validated digests.
 * The manifest is written last, after its blobs are verified, so an interrupted pull never leaves a
 * model that points at missing or unverified blobs.
 */
import { createHash } from "node:crypto";
import { RegistryError } from "../errors/RegistryError.js";
import { RemoteModelNotFoundError } from "../errors/RemoteModelNotFoundError.js";
import type { ProgressResponse, PullRequest } from "../ollama/types.js";
import { digestHex, parseDigest, type Digest } from "../store/Digest.js";
import { manifestDigests, manifestProblem, mediaTypes, type Layer, type Manifest } from "../store/Manifest.js";
import { displayShortest, requireModelName } from "../store/ModelName.js";
import { BlobDownload } from "./BlobDownload.js";
import { commitDownload } from "./commitDownload.js";
import { followTransfer } from "./followTransfer.js";
import { readSmallBody, registryFailure, RegistryClient } from "./RegistryClient.js";
import { registryBlobSource } from "./registryBlobSource.js";
import type { TransferContext } from "./TransferContext.js";

/** Ollama asks for Docker's schema 2; OCI manifests have the same shape, so a plain OCI registry's answer is read too. */
const acceptManifests = [mediaTypes.manifest, "application/vnd.oci.image.manifest.v1+json"].join(", ");

export async function* pullModel(context: TransferContext, request: PullRequest, signal?: AbortSignal): AsyncGenerator<ProgressResponse> {
    const name = requireModelName(request.model);
    const client = new RegistryClient({
        host: name.host,
        insecure: request.insecure === true,
        credentials: context.credentials(name.host)
    });
    const repository = `${name.namespace}/${name.model}`;
    const reference = name.digest ? parseDigest(name.digest) : name.tag;

    yield { status: "pulling manifest" };
    const response = await client.send("GET", client.url(repository, `manifests/${reference}`), {
        headers: { Accept: acceptManifests },
        ...(signal ? { signal } : {})
    });
    if (response.status === 404) {
        await response.body?.cancel();
        throw new RemoteModelNotFoundError(displayShortest(name));
    }
    if (!response.ok) throw await registryFailure(response, `pull model manifest of ${displayShortest(name)}`);
    const bytes = await readSmallBody(response);
    const manifest = checkManifest(bytes, displayShortest(name));
    if (name.digest && `sha256:${createHash("sha256").update(bytes).digest("hex")}` !== reference)
        throw new RegistryError(`the registry sent a manifest that does not hash to ${reference}`);

    const downloaded: { digest: Digest; partialPath: string }[] = [];
    const seen = new Set<string>();
    for (const layer of [...manifest.layers, manifest.config]) {
        if (seen.has(layer.digest)) continue;
        seen.add(layer.digest);
        const status = `pulling ${digestHex(layer.digest).slice(0, 12)}`;
        if (await context.store.hasBlob(layer.digest)) {
            yield { status, digest: layer.digest, total: layer.size, completed: layer.size };
            continue;
        }
        await context.store.ensureBlobsDir();
        const partialPath = context.store.partialBlobPath(layer.digest);
        const lease = context.downloads.join(
            partialPath,
            (stop) =>
                new BlobDownload(partialPath, layer.size, registryBlobSource(client, repository, layer.digest), context.settings, stop)
        );
        try {
            yield* followTransfer(lease.download, status, layer.digest, signal);
        } finally {
            lease.release();
        }
        downloaded.push({ digest: layer.digest, partialPath });
    }

    yield { status: "verifying sha256 digest" };
    for (const { digest, partialPath } of downloaded) {
        await context.downloads.verify(partialPath, () => commitDownload(context.store, partialPath, digest));
    }

    yield { status: "writing manifest" };
    // Alone among the store's manifest changes, so a concurrent prune cannot take blobs this manifest names.
    const pruned = await context.store.exclusive(async () => {
        const previous = await context.store.find(name).catch(() => undefined);
        const written = await context.store.writeManifestRaw(name, bytes);
        if (!previous || previous.digest === written.digest || context.noprune) return false;
        const unused = new Set(manifestDigests(previous.manifest));
        for (const digest of manifestDigests(manifest)) unused.delete(digest);
        if (unused.size === 0) return false;
        await context.store.removeUnreferencedBlobs(unused);
        return true;
    });
    if (pruned) yield { status: "removing unused layers" };
    yield { status: "success" };
}

/** Parses and validates the manifest before anything of it is used; a bad one is the registry's fault. */
function checkManifest(bytes: Buffer, model: string): Manifest & { layers: Layer[] } {
    let parsed: unknown;
    try {
        parsed = JSON.parse(bytes.toString("utf8"));
    } catch {
        throw new RegistryError(`the registry sent a manifest for ${model} that is not JSON`);
    }
    const mediaType = (parsed as { mediaType?: unknown } | null)?.mediaType;
    if (typeof mediaType === "string" && /manifest\.list|image\.index/.test(mediaType))
        throw new RegistryError(`${model} is a multi-platform image index (${mediaType}), not a model`);
    const problem = manifestProblem(parsed);
    if (problem) throw new RegistryError(`the registry sent an invalid manifest for ${model}: ${problem}`);
    return parsed as Manifest;
}
