/**
 * @module LocalClient
 * A {@link KettleClient} that runs the model-management operations in this process against the
 * store directly: what the CLI uses until it has a server to talk to.
 */
import { createReadStream } from "node:fs";
import { copyModel } from "../../runtime/models/copyModel.js";
import { createModel, type CreateOptions } from "../../runtime/models/createModel.js";
import { deleteModel } from "../../runtime/models/deleteModel.js";
import { listModels } from "../../runtime/models/listModels.js";
import { showModel } from "../../runtime/models/showModel.js";
import { parseDigest } from "../../runtime/store/Digest.js";
import type { ModelStore } from "../../runtime/store/ModelStore.js";
import type { ModelTransfers } from "../../runtime/registry/ModelTransfers.js";
import type {
    CopyRequest,
    CreateRequest,
    DeleteRequest,
    ListResponse,
    ProgressResponse,
    PullRequest,
    PushRequest,
    ShowRequest,
    ShowResponse
} from "../../runtime/ollama/types.js";
import type { KettleClient } from "./KettleClient.js";

export class LocalClient implements KettleClient {
    constructor(
        private readonly store: ModelStore,
        private readonly transfers: ModelTransfers,
        private readonly options: CreateOptions = {}
    ) {}

    async list(): Promise<ListResponse> {
        const { models } = await listModels(this.store);
        return { models };
    }

    show(request: ShowRequest): Promise<ShowResponse> {
        return showModel(this.store, request);
    }

    create(request: CreateRequest): AsyncIterable<ProgressResponse> {
        return createModel(this.store, request, { ...this.options, fetch: this.transfers });
    }

    pull(request: PullRequest, signal?: AbortSignal): AsyncIterable<ProgressResponse> {
        return this.transfers.pull(request, signal);
    }

    push(request: PushRequest, signal?: AbortSignal): AsyncIterable<ProgressResponse> {
        return this.transfers.push(request, signal);
    }

    settled(): Promise<void> {
        return this.transfers.settled();
    }

    copy(request: CopyRequest): Promise<void> {
        return copyModel(this.store, request);
    }

    delete(request: DeleteRequest): Promise<void> {
        return deleteModel(this.store, request);
    }

    hasBlob(digest: string): Promise<boolean> {
        return this.store.hasBlob(parseDigest(digest));
    }

    async createBlob(digest: string, file: string): Promise<void> {
        await this.store.writeBlobStream(createReadStream(file), parseDigest(digest));
    }
}
