/**
 * @module pushModel
 * `POST /api/push` and `kettle push`: every blob of the model that the registry lacks is uploaded
 * (or mounted from the repository it came from, when the model was made `FROM` another one on the
 * same registry), then the manifest is put, byte for byte as it is stored, so the model keeps its
 * digest. Ollama's status lines, in Ollama's order.
 */
import { readFile } from "node:fs/promises";
import type { ProgressResponse, PushRequest } from "../ollama/types.js";
import { digestHex } from "../store/Digest.js";
import { mediaTypes, type Layer } from "../store/Manifest.js";
import { isValidModelName, parseModelName, requireModelName, type ModelName } from "../store/ModelName.js";
import { BlobUpload, nextLocation } from "./BlobUpload.js";
import { followTransfer } from "./followTransfer.js";
import { registryFailure, RegistryClient } from "./RegistryClient.js";
import type { TransferContext } from "./TransferContext.js";

export async function* pushModel(context: TransferContext, request: PushRequest, signal?: AbortSignal): AsyncGenerator<ProgressResponse> {
    const name = requireModelName(request.model);
    yield { status: "retrieving manifest" };
    const stored = await context.store.get(name);
    const bytes = await readFile(stored.path);
    const client = new RegistryClient({
        host: name.host,
        insecure: request.insecure === true,
        credentials: context.credentials(name.host)
    });
    const repository = `${name.namespace}/${name.model}`;
    const withSignal = signal ? { signal } : {};

    const seen = new Set<string>();
    for (const layer of [...stored.manifest.layers, stored.manifest.config]) {
        if (seen.has(layer.digest)) continue;
        seen.add(layer.digest);
        const status = `pushing ${digestHex(layer.digest).slice(0, 12)}`;
        const done: ProgressResponse = { status, digest: layer.digest, total: layer.size, completed: layer.size };
        const blobUrl = client.url(repository, `blobs/${layer.digest}`);
        const head = await client.send("HEAD", blobUrl, withSignal);
        if (head.status === 200) {
            yield done;
            continue;
        }
        if (head.status !== 404) throw await registryFailure(head, `check for ${layer.digest} in ${name.host}/${repository}`);

        const start = await client.send("POST", client.url(repository, `blobs/uploads/${mountQuery(layer, name, repository)}`), withSignal);
        if (start.status === 201) {
            yield done; // mounted from the model it came from: nothing to upload
            continue;
        }
        if (start.status !== 202) throw await registryFailure(start, `start uploading ${layer.digest} to ${name.host}/${repository}`);
        const location = nextLocation(start, start.url || blobUrl);
        await start.body?.cancel();
        const path = context.store.blobPath(layer.digest);
        const upload = new BlobUpload(client, location, path, layer.digest, layer.size, context.settings, signal);
        yield* followTransfer(upload, status, layer.digest, signal);
    }

    yield { status: "pushing manifest" };
    const mediaType = (stored.manifest.mediaType as string | undefined) ?? mediaTypes.manifest;
    const put = await client.send("PUT", client.url(repository, `manifests/${name.tag}`), {
        headers: { "Content-Type": mediaType },
        body: () => bytes,
        ...withSignal
    });
    if (put.status !== 201 && put.status !== 200)
        throw await registryFailure(put, `push the manifest of ${name.host}/${repository}:${name.tag}`);
    await put.body?.cancel();
    yield { status: "success" };
}

/** `?mount=<digest>&from=<repository>` when the layer came from another model in the same registry. */
function mountQuery(layer: Layer, name: ModelName, repository: string): string {
    if (!layer.from) return "";
    const from = parseModelName(layer.from);
    if (!isValidModelName(from) || from.host.toLowerCase() !== name.host.toLowerCase()) return "";
    const fromRepository = `${from.namespace}/${from.model}`;
    if (fromRepository === repository) return "";
    return `?mount=${encodeURIComponent(layer.digest)}&from=${encodeURIComponent(fromRepository)}`;
}
