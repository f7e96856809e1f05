/**
 * @module types
 * The wire shapes of Ollama's model-management API (`/api/tags`, `/api/show`, `/api/create`,
 * `/api/copy`, `/api/delete`), field for field, so the CLI and any Ollama client read them unchanged.
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

export type CopyRequest = { source: string; destination: string };

export type DeleteRequest = { model: string };

/** One entry of `GET /api/ps`. */
export type RunningModel = {
    name: string;
    model: string;
    size: number;
    digest: string;
    details: ModelDetails;
    expires_at: string;
    size_vram: number;
    context_length: number;
    /** Kettle: the lanes holding it ("cpu", "gpu0"; several joined with ","). */
    lane?: string;
    /** Kettle: warm copies of the model. */
    replicas?: number;
    /** Kettle: sequences serving a request now, over all replicas. */
    sequences_busy?: number;
    /** Kettle: sequences over all replicas (`num_parallel` × replicas). */
    sequences_total?: number;
    /** Kettle: requests waiting for a free sequence of this model. */
    queue_depth?: number;
};
