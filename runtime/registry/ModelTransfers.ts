/**
 * @module ModelTransfers
 * Pull and push for one Kettle process (the server's control plane, or the CLI without a server):
 * registry models, plain URLs, and the downloads they share.
 */
import type { RegistryConfig } from "../../config/Config.js";
import type { ProgressResponse, PullRequest, PushRequest } from "../ollama/types.js";
import type { BlobWrite, ModelStore } from "../store/ModelStore.js";
import { downloadUrl, isDownloadUrl } from "./downloadUrl.js";
import { pullModel } from "./pullModel.js";
import { pullUrl } from "./pullUrl.js";
import { pushModel } from "./pushModel.js";
import { registryCredentials, type RegistryCredentials } from "./registryCredentials.js";
import { SharedDownloads } from "./SharedDownloads.js";
import type { TransferContext } from "./TransferContext.js";

export type ModelTransfersOptions = {
    noprune?: boolean;
    /** Where logins come from; defaults to Docker's config.json. */
    credentials?: (host: string) => RegistryCredentials | undefined;
};

export class ModelTransfers {
    readonly #context: TransferContext;

    constructor(store: ModelStore, settings: RegistryConfig, options: ModelTransfersOptions = {}) {
        this.#context = {
            store,
            settings,
            downloads: new SharedDownloads(),
            noprune: options.noprune === true,
            credentials: options.credentials ?? ((host) => registryCredentials(host))
        };
    }

    /** A registry model (`llama3.2`, `hf.co/u/r:Q4_K_M`, `host:5000/ns/m:tag`) or a GGUF URL. */
    pull(request: PullRequest, signal?: AbortSignal): AsyncGenerator<ProgressResponse> {
        return isDownloadUrl(request.model) ? pullUrl(this.#context, request, signal) : pullModel(this.#context, request, signal);
    }

    push(request: PushRequest, signal?: AbortSignal): AsyncGenerator<ProgressResponse> {
        return pushModel(this.#context, request, signal);
    }

    /** A URL's file as a blob, for a Modelfile's `FROM https://…`. */
    download(url: string, signal?: AbortSignal): AsyncGenerator<ProgressResponse, BlobWrite> {
        return downloadUrl(this.#context, url, {}, signal);
    }

    /** Waits until every download has stopped and saved its part state, so exiting then loses nothing. */
    settled(): Promise<void> {
        return this.#context.downloads.settled();
    }

    /** Downloads in flight (shared by every pull that wants them). */
    get activeDownloads(): number {
        return this.#context.downloads.active;
    }
}
