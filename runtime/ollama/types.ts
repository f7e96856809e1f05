/**
 * @module types
 * Ollama's wire shapes, field for field, in one place: the model-management API (`/api/tags`,
 * `/api/show`, `/api/create`, `/api/copy`, `/api/delete`, `/api/ps`, pull and push), and the chat
 * and generate requests and NDJSON chunks the OpenAI and Anthropic adapters write and read (with
 * Kettle's tools, thinking and logprobs extensions), so the CLI and any Ollama client read them
 * unchanged.
 */

export type ModelDetails = {
    parent_model: string;
    format: string;
    family: string;
    families: string[] | null;
    parameter_size: string;
    quantization_level: string;
};

export type ListModelResponse = {
    name: string;
    model: string;
    modified_at: string;
    size: number;
    digest: string;
    details: ModelDetails;
};

export type ListResponse = { models: ListModelResponse[] };

export type ShowRequest = { model: string; verbose?: boolean };

/** A chat message as Ollama's API carries it; Modelfile MESSAGEs use only role and content. */
export type ChatMessage = {
    role: string;
    content: string;
    /** An assistant's reasoning, kept apart from its answer. */
    thinking?: string;
    /** Base64 images (vision models). */
    images?: string[];
    /** The tools an assistant message called. */
    tool_calls?: ToolCall[];
    /** On a `tool` message: which tool produced this result. */
    tool_name?: string;
    /** On a `tool` message: the id of the call it answers. */
    tool_call_id?: string;
};

/** A tool the model may call: a function with a JSON schema for its arguments. */
export type Tool = {
    type: "function";
    function: { name: string; description?: string; parameters?: Record<string, unknown> };
};

/** Which tool the model must call (Kettle's `tool_choice` extension of `/api/chat`). */
export type ToolChoice = "auto" | "none" | "required" | { type: "function"; function: { name: string } };

/** A call the model made: ids look like `call_` and 8 characters of [a-z0-9]. */
export type ToolCall = {
    id?: string;
    function: { index?: number; name: string; arguments: Record<string, unknown> };
};

export type ShowResponse = {
    license?: string;
    modelfile: string;
    parameters?: string;
    template?: string;
    system?: string;
    details: ModelDetails;
    messages?: ChatMessage[];
    model_info?: Record<string, unknown>;
    tensors?: { name: string; type: string; shape: number[] }[];
    capabilities: string[];
    modified_at: string;
    requires?: string;
};

export type CreateRequest = {
    model: string;
    from?: string;
    /** File name → `sha256:<hex>` of a blob uploaded first through `/api/blobs/:digest`. */
    files?: Record<string, string>;
    adapters?: Record<string, string>;
    template?: string;
    license?: string | string[];
    system?: string;
    parameters?: Record<string, unknown>;
    messages?: ChatMessage[];
    requires?: string;
    stream?: boolean;
    quantize?: string;
};

export type ProgressResponse = {
    status: string;
    digest?: string;
    total?: number;
    completed?: number;
};

/** `POST /api/pull`; ollama-js sends the deprecated `name` instead of `model`. */
export type PullRequest = {
    model: string;
    /** Plain http instead of https (a registry on a private network). */
    insecure?: boolean;
    stream?: boolean;
};

/** `POST /api/push`: the same fields as a pull. */
export type PushRequest = PullRequest;

export type CopyRequest = { source: string; destination: string };

export type DeleteRequest = { model: string };

/**
 * One entry of `GET /api/ps`: Ollama's fields, then Kettle's. Kettle's are optional so that the CLI
 * still reads servers (and Ollama itself) that do not send them.
 */
export type RunningModel = {
    name: string;
    model: string;
    /** Total bytes: weights, KV cache and compute buffers. */
    size: number;
    digest: string;
    details: ModelDetails;
    /** RFC 3339; far in the future (hundreds of years) for `keep_alive: -1`. */
    expires_at: string;
    /** The part of `size` in GPU memory. */
    size_vram: number;
    /** Context length per sequence (slot). */
    context_length: number;
    /** Kettle: the lane(s) running it, `"cpu"` or `"gpu0"`; several joined with `","` when replicas sit on several lanes. */
    lane?: string;
    /** Kettle: how many copies of the model are loaded. */
    replicas?: number;
    /** Kettle: sequences (slots) generating right now, over all replicas. */
    sequences_busy?: number;
    /** Kettle: sequences (slots) there are, over all replicas (`num_parallel` × replicas). */
    sequences_total?: number;
    /** Kettle: requests waiting for this model (no free slot yet). */
    queue_depth?: number;
};

/** An `/api/chat` request as the adapters write it (always streamed, read back chunk by chunk). */
export type ChatRequest = {
    model: string;
    messages: ChatMessage[];
    stream: true;
    options: Record<string, unknown>;
    tools?: Tool[];
    tool_choice?: ToolChoice;
    think?: boolean | "low" | "medium" | "high" | "max";
    format?: "json" | Record<string, unknown>;
    keep_alive?: string | number;
};

/** One token's log probability, with its most likely alternatives. */
export type TokenLogprobChunk = {
    token: string;
    logprob: number;
    bytes?: number[] | null;
    top_logprobs?: { token: string; logprob: number; bytes?: number[] | null }[] | null;
};

/** A tool call as `/api/chat` streams it: arguments are a JSON object, not a string. */
export type ChunkToolCall = {
    id?: string;
    function: { index?: number; name: string; arguments?: Record<string, unknown> };
};

/** One NDJSON line of `/api/chat` (`message`) or `/api/generate` (`response`, `thinking`), with the fields adapters read. */
export type ResponseChunk = {
    model?: string;
    message?: { role?: string; content?: string; thinking?: string; tool_calls?: ChunkToolCall[] | null };
    response?: string;
    thinking?: string;
    done?: boolean;
    /** On the final chunk: "stop" or "length". */
    done_reason?: string;
    prompt_eval_count?: number;
    eval_count?: number;
    logprobs?: TokenLogprobChunk[] | null;
};
