/**
 * @module types
 * The function model: what a handler file under `functions/` exports and what it receives. Built-in
 * endpoints and users' functions use exactly this contract (Cloudflare Pages Functions style).
 */

/** Handler export names a file may use; `onRequest` serves every method. */
export const handlerExportNames = [
    "onRequest",
    "onRequestGet",
    "onRequestPost",
    "onRequestPut",
    "onRequestPatch",
    "onRequestDelete",
    "onRequestOptions",
    "onRequestHead"
] as const;
export type HandlerExportName = (typeof handlerExportNames)[number];

/** The HTTP method an export serves; `ALL` for `onRequest`. */
export type RouteMethod = "ALL" | "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS" | "HEAD";

/** One entry of the route table: one export of one file. */
export type RouteEntry = {
    /** Hono-style path: `/api/generate`, `/api/blobs/:digest`, `/files/:rest*` for `[[rest]]`. */
    path: string;
    method: RouteMethod;
    /** Absolute path of the source file (what messages name). */
    file: string;
    /** Absolute path of the module a worker imports: the file itself, or its bundle for a user's TypeScript. */
    module: string;
    /** The file's path below the functions folder, e.g. `api/blobs/[digest].js`. */
    relativeFile: string;
    exportName: HandlerExportName;
    /** Names of `[[rest]]` catch-all params, whose values are string arrays. */
    catchAll: string[];
    /** `_middleware` files wrapping the handler, outermost first. */
    middleware: ModuleRef[];
    /** Set on routes from a user's functions folder: they run in a worker, never on the control plane. */
    user?: boolean;
    /** The file's `errors` export: the API family its errors are written in (Ollama's when absent). */
    errors?: ErrorFamily;
};

/** A source file and the module a worker imports for it. */
export type ModuleRef = { file: string; module: string };

/** What a model-bound function asks for, worked out from the parsed request body on the control plane. */
export type ModelRequest = {
    /** The model name as the client sent it. */
    name: string;
    /** Ollama `options` (load-time ones decide whether a warm model can be reused). */
    options?: Record<string, unknown>;
    /** Ollama `keep_alive`, unparsed (the scheduler validates it). */
    keepAlive?: unknown;
    /**
     * Set when the request only asks to unload the model (an empty prompt with `keep_alive: 0`): the
     * control plane unloads it without loading anything and answers with this JSON body.
     */
    unloadResponse?: unknown;
};

/**
 * Exported as `model` by a function that needs a warm model: maps the parsed JSON body to the model
 * it needs. Returning undefined means the request names no model (the function answers itself).
 */
export type ModelBinding = (body: unknown) => ModelRequest | undefined;

/**
 * Exported as `runsOn` by a built-in with a `model` binding that does its model work through the
 * control plane's services rather than in the model's worker (the embeddings endpoints: their
 * cache and micro-batches live on the control plane). Its `model` binding still names the model a
 * request asks for, which decides whether a function's `ctx.models` call can run in its own worker.
 */
export type RunsOn = "worker" | "control-plane";

/**
 * A function needing a model may also name the capability it needs; the control plane refuses a
 * model without it before loading anything (`"x" does not support generate`, status 400).
 */
export type ModelRequirement = { capability: "completion" | "embedding" | "rerank"; action: string };

/**
 * Exported as `errors` by a function whose API has its own error body (`"openai"`, `"anthropic"`);
 * errors thrown by it or on its behalf (model not found, queue full) are rendered in that shape.
 */
export type { ErrorFamily } from "../http/errorResponse.js";
import type { ErrorFamily } from "../http/errorResponse.js";
