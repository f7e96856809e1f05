/**
 * @module types
 * The inference engine's contract: what the control plane resolves about a model before dispatch
 * (its definition and load-time settings) and what a warm model offers a handler inside a worker.
 */
import type { Capability } from "../models/modelCapabilities.js";
import type { ChatMessage, ModelDetails, Tool, ToolCall } from "../ollama/types.js";

/** Everything about a model the worker needs, read from the store on the control plane. */
export type ModelDefinition = {
    /** Display name, e.g. `story:latest`. */
    name: string;
    /** Manifest digest, 64 hex digits (the ID `ps` shows). */
    digest: string;
    modelPath: string;
    adapterPaths: string[];
    /** Modelfile TEMPLATE (Go text/template); absent means "use the GGUF's chat template". */
    template?: string;
    /** Modelfile SYSTEM. */
    system?: string;
    /** Modelfile PARAMETERs. */
    parameters: Record<string, unknown>;
    /** Modelfile MESSAGEs, prepended to every chat. */
    messages: ChatMessage[];
    capabilities: Capability[];
    details: ModelDetails;
    /** The model's training context length, when the GGUF says. */
    trainContextLength?: number;
    /** What the memory a load needs is estimated from (see estimateMemory). */
    shape: ModelShape;
};

/** Sizes read from the GGUF that decide how much memory a loaded model takes. */
export type ModelShape = {
    /** Weights and adapters on disk (memory-mapped when loaded). */
    fileBytes: number;
    blockCount: number;
    embeddingLength: number;
    headCount: number;
    headCountKv: number;
    /** Per-head key and value sizes (embedding length / heads unless the GGUF says). */
    keyLength: number;
    valueLength: number;
    vocabSize: number;
};

/** Load-time settings. Two requests can share a warm model only if these are equal. */
/** Who a request serves: an interactive client, or a batch job's line (which yields to interactive ones). */
export type RequestPriority = "interactive" | "batch";

export type LoadOptions = {
    contextSize: number;
    batchSize: number;
    /** `num_gpu`: layers to offload; "auto" lets node-llama-cpp decide, 0 keeps everything on the CPU. */
    gpuLayers: number | "auto";
    useMmap: boolean;
    threads: number;
    /** Parallel sequences (slots) in the context: `num_parallel`. */
    sequences: number;
    flashAttention: boolean | "auto";
    kvCacheType: "f16" | "q8_0" | "q4_0";
    /** Most inputs one embedding evaluation holds (`[embeddings] max_batch`). */
    embeddingSequences: number;
    /** Tokens one embedding evaluation aims to hold; a longer input goes alone (`[embeddings] batch_tokens`). */
    embeddingTokens: number;
    /** Requests copy a shared prompt prefix from another sequence instead of evaluating it (`engine.share_prefixes`). */
    sharePrefixes: boolean;
};

/** Per-request sampling settings, Ollama's names (already merged: Modelfile PARAMETERs < request options). */
export type SamplingOptions = {
    temperature?: number;
    top_k?: number;
    top_p?: number;
    min_p?: number;
    typical_p?: number;
    repeat_penalty?: number;
    repeat_last_n?: number;
    presence_penalty?: number;
    frequency_penalty?: number;
    seed?: number;
    num_predict?: number;
    num_keep?: number;
    stop?: string[];
};

/** Why a generation ended, Ollama's `done_reason`. */
export type DoneReason = "stop" | "length";

export type GenerationStats = {
    doneReason: DoneReason;
    promptEvalCount: number;
    promptEvalDurationNs: number;
    evalCount: number;
    evalDurationNs: number;
    /**
     * Prompt tokens whose KV cache was reused from the slot's previous request, so not evaluated again
     * (`promptEvalCount - cachedPromptCount` were). Not an Ollama field; for logs and tests.
     */
    cachedPromptCount?: number;
    /** The gaps between consecutive generated tokens, in seconds (for the metrics). Not an Ollama field. */
    interTokenSeconds?: number[];
    /** How many of the cached prompt tokens were copied from another sequence's prefix. Not an Ollama field. */
    sharedPromptCount?: number;
    /** Prompt plus response tokens (`/api/generate`'s `context`), when asked for. */
    context?: number[];
};

/**
 * A piece of the output: answer text (never ending inside a UTF-8 character or a stop sequence),
 * reasoning, finished tool calls, and the log-probabilities of the tokens it came from.
 */
export type GenerationChunk = { text: string; thinking?: string; toolCalls?: ToolCall[]; logprobs?: TokenLogprob[] };

/** Ollama's `logprobs` entry: a sampled token, its log-probability and the most likely alternatives. */
export type TokenLogprob = {
    token: string;
    logprob: number;
    bytes: number[];
    top_logprobs?: { token: string; logprob: number; bytes: number[] }[];
};

/** `think`: on, off, or a reasoning level. */
export type ThinkSetting = boolean | "low" | "medium" | "high" | "max";

/** Kettle's extension (OpenAI's `tool_choice`): whether and which tool the model must call. */
export type ToolChoice = "auto" | "none" | "required" | { name: string };

/** Output-shaping settings shared by generate and chat. */
export type OutputOptions = {
    /** `"json"` or a JSON schema: constrain the output with a grammar. */
    format?: "json" | Record<string, unknown>;
    think?: ThinkSetting;
    /** Return log-probabilities, with this many alternatives per token (0 = only the sampled one). */
    logprobs?: { top: number };
};

export type GenerateInput = {
    prompt: string;
    /** Overrides the Modelfile SYSTEM. */
    system?: string;
    /** Overrides the template (Go text/template). */
    template?: string;
    /** No templating at all: the prompt is sent as is. */
    raw?: boolean;
    /** Fill-in-the-middle text after the cursor. */
    suffix?: string;
    /** Tokens returned as `context` by an earlier generate, continued from. */
    context?: number[];
    options: SamplingOptions;
} & OutputOptions;

export type ChatInput = {
    /** The request's messages; the Modelfile's SYSTEM and MESSAGEs are added by the engine. */
    messages: ChatMessage[];
    options: SamplingOptions;
    tools?: Tool[];
    toolChoice?: ToolChoice;
} & OutputOptions;

/** Scores in the documents' order, the tokens evaluated, and in how many evaluations. */
export type RankResult = { scores: number[]; tokens: number; evaluations: number };

/** One embedding input, as a worker evaluates it. */
export type EmbedItem = {
    text: string;
    /** Cut an input longer than the context (Ollama's default); false makes that an error. */
    truncate: boolean;
};

/** An input's raw vector (full length, not normalised) and its token count, or why it was refused. */
/** An embedded input, or why it was refused (a typed error: too long, say), failing only the request it came from. */
export type EmbeddedItem = { vector: Float32Array; tokens: number } | { error: Error };

/** The items in order, and how many evaluations (llama.cpp decodes) they took together. */
export type EmbedBatchResult = { items: EmbeddedItem[]; evaluations: number };

/** A model warm in this worker, as a handler sees it (`ctx.model`). */
export interface WarmModel {
    readonly definition: ModelDefinition;
    readonly load: LoadOptions;
    /** Nanoseconds this request spent waiting for the model to load (0 when it was already warm). */
    readonly loadDurationNs: number;
    generate(input: GenerateInput, signal: AbortSignal): AsyncGenerator<GenerationChunk, GenerationStats>;
    chat(input: ChatInput, signal: AbortSignal): AsyncGenerator<GenerationChunk, GenerationStats>;
    /** Embeds the inputs together, in as few evaluations as the batch limits allow. */
    embed(items: readonly EmbedItem[], signal: AbortSignal): Promise<EmbedBatchResult>;
    /** A reranker's relevance score of each document for the query, evaluated together as embeddings are. */
    rank(query: string, documents: readonly string[], truncate: boolean, signal: AbortSignal): Promise<RankResult>;
    /** Token count of a text, for limits and usage accounting. */
    countTokens(text: string): number;
    /** The prompt a request would be evaluated as, without generating (`_debug_render_only`). */
    render(input: { chat: ChatInput } | { generate: GenerateInput }): { text: string; tokenCount: number };
}
