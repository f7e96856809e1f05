/**
 * @module Models
 * `ctx.models`: the warm models, called with the same request bodies as Ollama's `/api/generate`,
 * `/api/chat` and `/api/embed`, and answering with the same bodies. As in ollama-js, a call
 * answers one object unless `stream: true`, which gives an async iterable of the NDJSON chunks.
 * The call is served by the worker holding the model warm; a failed call throws a ModelCallError
 * with the status and message the HTTP API would have answered.
 */
import type { ChatMessage, Tool, ToolCall } from "../ollama/types.js";

export type { ChatMessage, Tool, ToolCall };

/** Ollama's `options`: sampling (temperature, num_predict, stop, seed, …) and load-time (num_ctx, …) settings. */
export type ModelOptions = Record<string, unknown> & {
    temperature?: number;
    top_k?: number;
    top_p?: number;
    num_predict?: number;
    num_ctx?: number;
    seed?: number;
    stop?: string[];
};

type CommonRequest = {
    model: string;
    options?: ModelOptions;
    keep_alive?: string | number;
    /** `"json"` or a JSON schema the answer must match. */
    format?: "json" | Record<string, unknown>;
    think?: boolean | "low" | "medium" | "high" | "max";
    stream?: boolean;
};

export type GenerateRequest = CommonRequest & {
    prompt: string;
    suffix?: string;
    system?: string;
    template?: string;
    raw?: boolean;
    images?: string[];
};

export type ChatRequest = CommonRequest & {
    messages: ChatMessage[];
    tools?: Tool[];
};

export type EmbedRequest = {
    model: string;
    input: string | string[];
    truncate?: boolean;
    dimensions?: number;
    options?: ModelOptions;
    keep_alive?: string | number;
};

/** Fields of the final chunk (and of a whole answer): durations in nanoseconds. */
export type Metrics = {
    total_duration?: number;
    load_duration?: number;
    prompt_eval_count?: number;
    prompt_eval_duration?: number;
    eval_count?: number;
    eval_duration?: number;
};

export type GenerateResponse = Metrics & {
    model: string;
    created_at: string;
    response: string;
    thinking?: string;
    done: boolean;
    done_reason?: string;
    context?: number[];
};

export type ChatResponse = Metrics & {
    model: string;
    created_at: string;
    message: { role: string; content: string; thinking?: string; tool_calls?: ToolCall[] };
    done: boolean;
    done_reason?: string;
};

export type EmbedResponse = {
    model: string;
    embeddings: number[][];
    total_duration?: number;
    load_duration?: number;
    prompt_eval_count?: number;
};

export interface Models {
    generate(request: GenerateRequest & { stream: true }): Promise<AsyncIterable<GenerateResponse>>;
    generate(request: GenerateRequest & { stream?: false }): Promise<GenerateResponse>;
    chat(request: ChatRequest & { stream: true }): Promise<AsyncIterable<ChatResponse>>;
    chat(request: ChatRequest & { stream?: false }): Promise<ChatResponse>;
    embed(request: EmbedRequest): Promise<EmbedResponse>;
}

/** The endpoints `ctx.models` calls. */
export type ModelEndpoint = "generate" | "chat" | "embed";

/**
 * Where a call goes: answers the HTTP response of `POST /api/<endpoint>` for `body` (which always
 * carries `stream`). Aborting `signal` stops the generation.
 */
export type ModelCall = (endpoint: ModelEndpoint, body: Record<string, unknown>, signal: AbortSignal) => Promise<Response>;
