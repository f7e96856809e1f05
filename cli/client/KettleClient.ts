/**
 * @module KettleClient
 * What the `kettle` commands need from a Kettle server, shaped exactly like Ollama's HTTP API
 * (request and response bodies are the wire types). Commands only see this interface, so they move
 * from the in-process {@link LocalClient} to an HTTP client without being rewritten.
 */
import type {
    CopyRequest,
    CreateRequest,
    DeleteRequest,
    ListResponse,
    ProgressResponse,
    ShowRequest,
    ShowResponse
} from "../../runtime/models/types.js";

export interface KettleClient {
    /** `GET /api/tags` */
    list(): Promise<ListResponse>;
    /** `POST /api/show` */
    show(request: ShowRequest): Promise<ShowResponse>;
    /** `POST /api/create`, streaming progress */
    create(request: CreateRequest): AsyncIterable<ProgressResponse>;
    /** `POST /api/copy` */
    copy(request: CopyRequest): Promise<void>;
    /** `DELETE /api/delete` */
    delete(request: DeleteRequest): Promise<void>;
    /** `HEAD /api/blobs/:digest` */
    hasBlob(digest: string): Promise<boolean>;
    /** `POST /api/blobs/:digest` with the file's bytes as the body */
    createBlob(digest: string, file: string): Promise<void>;
}
