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

export type ChatMessage = { role: string; content: string };

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
};
