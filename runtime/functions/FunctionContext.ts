/**
 * @module FunctionContext
 * What a handler receives: one `ctx`, the same for the built-in endpoints and a user's functions
 * (Cloudflare Pages Functions' shape, plus the warm models). A handler answers a web-standard
 * Response, or any JSON-serialisable value, which is sent as JSON.
 *
 * Where it runs: a user's function runs in a worker thread of a lane, the one holding its model
 * warm when it names one. A built-in that exports a `model` binding runs in the worker holding
 * that model (`ctx.model`), unless it exports `runsOn = "control-plane"`; any other built-in runs
 * on the control plane (`ctx.services`).
 */
import type { KettleMetrics } from "../../server/observe/KettleMetrics.js";
import type { Config } from "../../config/Config.js";
import type { BatchJobs } from "../batches/BatchJobs.js";
import type { Embedder } from "../embeddings/Embedder.js";
import type { EmbeddingStats } from "../embeddings/EmbeddingService.js";
import type { LlamaModel } from "node-llama-cpp";
import type { ModelDefinition, WarmModel } from "../engine/types.js";
import type { ResponseStore } from "../responses/ResponseStore.js";
import type { Readiness } from "../../server/Readiness.js";
import type { ModelStore } from "../store/ModelStore.js";
import type { ModelTransfers } from "../registry/ModelTransfers.js";
import type { RunningModel } from "../ollama/types.js";
import type { Models } from "./Models.js";
import type { QueueStats } from "./QueueStats.js";

/** What the control plane offers built-in management endpoints (`/api/tags`, `/api/ps`, …). */
export interface ControlPlaneServices {
    readonly store: ModelStore;
    readonly config: Config;
    readonly version: string;
    /** The warm models, for `/api/ps`. */
    runningModels(): RunningModel[];
    /** Unloads every warm copy of a model (after in-flight requests finish); false when none was loaded. */
    unloadModel(name: string): Promise<boolean>;
    /** Pull and push (`/api/pull`, `/api/push`, a `from` that is not local in `/api/create`). */
    readonly transfers: ModelTransfers;
    /** The embeddings path: cache, then micro-batches on the warm model. */
    readonly embeddings: Embedder & { stats(): EmbeddingStats };
    /** How long requests waited for a sequence of their model. */
    readonly queue: { stats(): QueueStats };
    /** Batch jobs: OpenAI's Files and Batches. */
    readonly batchJobs: BatchJobs;
    /** The Responses API's stored responses. */
    readonly responses: ResponseStore;
    /** `/healthz` and `/readyz`. */
    readonly readiness: Readiness;
    /** `GET /metrics`; undefined when `server.metrics` is off. */
    readonly metrics: KettleMetrics | undefined;
    /** A model's vocabulary (loaded without its weights), for `/api/tokenize` and `/api/detokenize`. */
    vocabulary(name: string): Promise<{ definition: ModelDefinition; model: LlamaModel }>;
}

/** `ctx.log`: lines on the server's stderr, tagged with the route. */
export interface FunctionLog {
    info(...values: unknown[]): void;
    warn(...values: unknown[]): void;
    error(...values: unknown[]): void;
}

/** Route params: `[name]` segments are strings, `[[name]]` catch-alls are string arrays. Percent-decoded. */
export type Params<P extends string = string> = Record<P, string | string[]>;

export interface FunctionContext<Env = Record<string, unknown>, P extends string = string, Data = Record<string, unknown>> {
    request: Request;
    params: Params<P>;
    /** `[vars]` from kettle.toml, then the secrets of `.dev.vars` next to it. */
    env: Env;
    /** The warm models: `generate`, `chat` and `embed`, with the bodies of Ollama's API. */
    models: Models;
    log: FunctionLog;
    /** Aborted when the client goes away (or the function's timeout passes). */
    signal: AbortSignal;
    /** Keeps work going after the response is sent (a log write, a cache fill); its failure is logged. */
    waitUntil(promise: Promise<unknown>): void;
    /** Shared by the middleware and the handler of one request. */
    data: Data;
    /** In middleware: runs the rest of the chain (inner middleware, then the handler) and answers its Response. */
    next(): Promise<Response>;
    /** The request body parsed as JSON when it is JSON (the request's own body stays readable); undefined otherwise. */
    body: unknown;
    /** For built-ins with a `model` binding: the warm model itself. */
    model?: WarmModel;
    /** For built-ins on the control plane: the server's services. */
    services?: ControlPlaneServices;
}

/** A handler export (`onRequest`, `onRequestGet`, …) or middleware. */
export type Handler<Env = Record<string, unknown>, P extends string = string, Data = Record<string, unknown>> = (
    ctx: FunctionContext<Env, P, Data>
) => Response | unknown | Promise<Response | unknown>;

/** Kept for the built-ins, which always answer a Response. */
export type FunctionHandler = (ctx: FunctionContext) => Response | Promise<Response>;
