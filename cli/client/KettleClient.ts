/**
 * @module KettleClient
 * What the `kettle` commands need from a Kettle server, shaped exactly like Ollama's HTTP API
 * (request and response bodies are the wire types). Commands only see this interface: the
 * {@link HttpClient} talks to a running server, the {@link LocalClient} runs model management in
 * process when none is running.
 */
import type {
    CopyRequest,
    CreateRequest,
    DeleteRequest,
    ListResponse,
    ProgressResponse,
    PullRequest,
    PushRequest,
    RunningModel,
    ShowRequest,
    ShowResponse
} from "../../runtime/ollama/types.js";
import type { Metrics } from "../../runtime/functions/Models.js";

/** A streamed chunk of `/api/generate` or `/api/chat`, loosely typed: commands read what they print. */
export type GenerationChunk = Metrics & {
    response?: string;
    message?: { role: string; content: string };
    done: boolean;
    done_reason?: string;
};

export interface KettleClient {
    /** `GET /api/tags` */
    list(): Promise<ListResponse>;
    /** `POST /api/show` */
    show(request: ShowRequest): Promise<ShowResponse>;
    /** `POST /api/create`, streaming progress */
    create(request: CreateRequest): AsyncIterable<ProgressResponse>;
    /** `POST /api/pull`, streaming progress; ends after the `success` line, throws a ServerError on an `{"error"}` line */
    pull(request: PullRequest, signal?: AbortSignal): AsyncIterable<ProgressResponse>;
    /** `POST /api/push`, streaming progress */
    push(request: PushRequest, signal?: AbortSignal): AsyncIterable<ProgressResponse>;
    /** Waits for work this client runs in the background (an in-process download saving its state); optional. */
    settled?(): Promise<void>;
    /** `POST /api/copy` */
    copy(request: CopyRequest): Promise<void>;
    /** `DELETE /api/delete` */
    delete(request: DeleteRequest): Promise<void>;
    /** `HEAD /api/blobs/:digest` */
    hasBlob(digest: string): Promise<boolean>;
    /** `POST /api/blobs/:digest` with the file's bytes as the body */
    createBlob(digest: string, file: string): Promise<void>;
}

/** What only a running server can do: generate, and report or change what is loaded. */
export interface ServingClient extends KettleClient {
    readonly url: string;
    /** `POST /api/generate`, streaming */
    generate(request: Record<string, unknown>, signal?: AbortSignal): AsyncIterable<GenerationChunk>;
    /** `POST /api/chat`, streaming */
    chat(request: Record<string, unknown>, signal?: AbortSignal): AsyncIterable<GenerationChunk>;
    /** `POST /api/embed` */
    embed(request: Record<string, unknown>): Promise<{ embeddings: number[][] }>;
    /** `GET /api/ps` */
    ps(): Promise<{ models: RunningModel[] }>;
}
