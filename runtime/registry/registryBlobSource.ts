/**
 * @module registryBlobSource
 * Ranged reads of a blob from a registry. Registries backed by object storage answer a blob GET
 * with a redirect to a signed URL (Ollama's and Hugging Face's CDNs); that URL is fetched without
 * our registry credentials and reused for the other parts until it stops working.
 */
import type { Digest } from "../store/Digest.js";
import type { RangeSource } from "./BlobDownload.js";
import { userAgent, type RegistryClient } from "./RegistryClient.js";

const redirects = new Set([301, 302, 303, 307, 308]);

export function registryBlobSource(client: RegistryClient, repository: string, digest: Digest): RangeSource {
    const blobUrl = client.url(repository, `blobs/${digest}`);
    let direct: string | undefined;

    async function fetchDirect(url: string, range: string, signal: AbortSignal): Promise<Response> {
        const response = await fetch(url, { headers: { Range: range, "User-Agent": userAgent }, signal });
        if (response.status === 401 || response.status === 403 || response.status === 404) {
            // A signed URL that expired: go back to the registry for a fresh one on the retry.
            await response.body?.cancel();
            direct = undefined;
            throw new Error(`the blob's download URL answered ${response.status}`);
        }
        return response;
    }

    return {
        label: `${digest} from ${client.host}/${repository}`,
        async fetchRange(start, end, signal) {
            const range = `bytes=${start}-${end}`;
            if (direct) return fetchDirect(direct, range, signal);
            const response = await client.send("GET", blobUrl, { headers: { Range: range }, redirect: "manual", signal });
            const location = response.headers.get("location");
            if (!redirects.has(response.status) || !location) return response;
            await response.body?.cancel();
            direct = new URL(location, blobUrl).href;
            return fetchDirect(direct, range, signal);
        }
    };
}
