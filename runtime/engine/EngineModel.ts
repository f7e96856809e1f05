/**
 * @module EngineModel
 * A model loaded in this worker thread: the weights, one context, and its sequences as request
 * slots. Completion models get a context with `num_parallel` sequences, each request taking one
 * (waiting first come first served when all are busy) and giving it back when it ends, however it
 * ends. Embedding models get an {@link EmbeddingEvaluator}, which embeds many inputs per
 * evaluation; a completion model asked for embeddings gets one too, on first use (its vectors are
 * the last token's output, as in Ollama).
 */
import { stat } from "node:fs/promises";
import type { Llama, LlamaContext, LlamaContextOptions, LlamaContextSequence, LlamaGrammar, LlamaModel, Token } from "node-llama-cpp";
import { BadRequestError } from "../errors/BadRequestError.js";
import { EmbeddingEvaluator } from "./EmbeddingEvaluator.js";
import { batchPriority, batchPromptTokens, interactiveFirst } from "./interactiveFirst.js";
import { embeddingTokens } from "./embeddingTokens.js";
import { generateText } from "./generateText.js";
import { getEngineLlama, type EngineGpu } from "./getEngineLlama.js";
import { ChatOutputParser } from "./ChatOutputParser.js";
import { forcedToolCall } from "./forcedToolCall.js";
import { isWholeJson } from "./isWholeJson.js";
import { grammarFor } from "./grammarFor.js";
import { PrefixSharing } from "./PrefixSharing.js";
import { PromptArrivals } from "./PromptArrivals.js";
import { rankingScore } from "./rankingScore.js";
import { rankingTokens } from "./rankingTokens.js";
import { renderChatPrompt } from "./renderChatPrompt.js";
import type { RenderedPrompt } from "./RenderedPrompt.js";
import { renderGeneratePrompt } from "./renderGeneratePrompt.js";
import { SequencePool } from "./SequencePool.js";
import type {
    ChatInput,
    EmbedBatchResult,
    EmbeddedItem,
    EmbedItem,
    GenerateInput,
    GenerationChunk,
    GenerationStats,
    LoadOptions,
    ModelDefinition,
    OutputOptions,
    RankResult,
    RequestPriority,
    SamplingOptions,
    WarmModel
} from "./types.js";
import { isPooledModel } from "../models/isPooledModel.js";
import type { UsageSink } from "../metrics/ModelUsage.js";
import { reportingUsage } from "./reportingUsage.js";

export type EngineLoadSettings = {
    /** Which GPU backend the thread's Llama uses; "auto" in production, false in tests and CPU lanes. */
    gpu?: EngineGpu;
    /** Aborts a load in progress. */
    signal?: AbortSignal;
};

type Runtime =
    | {
          kind: "completion";
          context: LlamaContext;
          pool: SequencePool<LlamaContextSequence>;
          prefixes?: PrefixSharing;
          /** Interactive requests between their sequence and their first token. */
          arrivals: PromptArrivals;
      }
    | { kind: "embedding"; evaluator: EmbeddingEvaluator };

const kvCacheGgmlType = { q8_0: "Q8_0", q4_0: "Q4_0" } as const;

export class EngineModel implements WarmModel {
    readonly definition: ModelDefinition;
    readonly load: LoadOptions;
    /** Always 0 here; {@link forRequest} gives each request its own. */
    readonly loadDurationNs = 0;
    /** Memory the model holds: weights file plus the context's estimated memory (what `ps` reports as size). */
    readonly sizeBytes: number;
    /** The part of {@link sizeBytes} in GPU memory; 0 on the CPU. */
    readonly vramBytes: number;
    readonly #llama: Llama;
    readonly #model: LlamaModel;
    readonly #runtime: Runtime;
    /** A completion model's evaluator for embed requests, created on the first one. */
    #embedding: Promise<EmbeddingEvaluator> | undefined;
    #disposing: Promise<void> | undefined;

    private constructor(
        definition: ModelDefinition,
        load: LoadOptions,
        parts: { llama: Llama; model: LlamaModel; runtime: Runtime; sizeBytes: number; vramBytes: number }
    ) {
        this.definition = definition;
        this.load = load;
        this.#llama = parts.llama;
        this.#model = parts.model;
        this.#runtime = parts.runtime;
        this.sizeBytes = parts.sizeBytes;
        this.vramBytes = parts.vramBytes;
    }

    static async load(definition: ModelDefinition, load: LoadOptions, settings: EngineLoadSettings = {}): Promise<EngineModel> {
        const llama = await getEngineLlama({ gpu: settings.gpu ?? "auto" });
        const embedding = isPooledModel(definition.capabilities);
        const model = await llama.loadModel({
            modelPath: definition.modelPath,
            useMmap: load.useMmap,
            // "auto" offloads as many layers as fit beside a context of the size we are about to create.
            gpuLayers:
                load.gpuLayers === "auto"
                    ? { fitContext: { contextSize: load.contextSize * load.sequences, embeddingContext: embedding } }
                    : load.gpuLayers,
            ...(settings.signal ? { loadSignal: settings.signal } : {})
        });
        try {
            const runtime: Runtime = embedding
                ? { kind: "embedding", evaluator: await createEvaluator(model, load) }
                : await createCompletionRuntime(model, definition, load);
            const memory = contextMemory(runtime);
            const fileBytes = await fileSizes([definition.modelPath, ...definition.adapterPaths]);
            const onGpu = llama.gpu !== false;
            return new EngineModel(definition, load, {
                llama,
                model,
                runtime,
                sizeBytes: fileBytes + memory.ram + memory.vram,
                vramBytes: onGpu ? model.memoryUsage.vram + memory.vram : 0
            });
        } catch (error) {
            await model.dispose();
            throw error;
        }
    }

    /** The node-llama-cpp model, for rendering prompts outside a request (diagnostics, tests). */
    get llamaModel(): LlamaModel {
        return this.#model;
    }

    /** Completion slots not serving a request right now (0 for an embedding model). */
    get freeSlots(): number {
        return this.#runtime.kind === "completion" ? this.#runtime.pool.freeCount : 0;
    }

    /**
     * The per-request view a handler gets, carrying how long this request waited for the load; a
     * batch job's line generates at batch priority (see interactiveFirst).
     */
    forRequest(loadDurationNs: number, priority: RequestPriority = "interactive", onUsage?: UsageSink): WarmModel {
        const report = (generation: AsyncGenerator<GenerationChunk, GenerationStats>) =>
            onUsage ? reportingUsage(generation, this.definition.name, onUsage) : generation;
        return {
            definition: this.definition,
            load: this.load,
            loadDurationNs,
            generate: (input, signal) => report(this.generate(input, signal, priority)),
            chat: (input, signal) => report(this.chat(input, signal, priority)),
            embed: (items, signal) => this.embed(items, signal),
            rank: (query, documents, truncate, signal) => this.rank(query, documents, truncate, signal),
            countTokens: (text) => this.countTokens(text),
            render: (input) => this.render(input)
        };
    }

    async *generate(
        input: GenerateInput,
        signal: AbortSignal,
        priority: RequestPriority = "interactive"
    ): AsyncGenerator<GenerationChunk, GenerationStats> {
        this.#completion("generate");
        const prompt = renderGeneratePrompt(this.#model, this.definition, input);
        // Ollama omits `context` in raw mode.
        return yield* this.#complete(prompt, input, { returnContext: input.raw !== true, priority }, signal);
    }

    async *chat(
        input: ChatInput,
        signal: AbortSignal,
        priority: RequestPriority = "interactive"
    ): AsyncGenerator<GenerationChunk, GenerationStats> {
        this.#completion("chat");
        const prompt = renderChatPrompt(this.#model, this.definition, input);
        const tools = input.toolChoice === "none" ? [] : (input.tools ?? []);
        const forced = await forcedToolCall(this.#llama, this.#model, prompt, tools, input.toolChoice);
        if (forced) {
            const { format: _format, ...rest } = input;
            return yield* this.#complete(
                forced.prompt,
                rest,
                { returnContext: false, grammar: forced.grammar, stopWhen: forced.done, call: { opening: forced.opening }, priority },
                signal
            );
        }
        return yield* this.#complete(prompt, input, { returnContext: false, priority }, signal);
    }

    /** The prompt a request would be evaluated as (`_debug_render_only`), and its length in tokens. */
    render(input: { chat: ChatInput } | { generate: GenerateInput }): { text: string; tokenCount: number } {
        this.#completion("chat");
        const prompt =
            "chat" in input
                ? renderChatPrompt(this.#model, this.definition, input.chat)
                : renderGeneratePrompt(this.#model, this.definition, input.generate);
        return { text: prompt.text, tokenCount: prompt.tokens.length };
    }

    async embed(items: readonly EmbedItem[], signal: AbortSignal): Promise<EmbedBatchResult> {
        const evaluator = await this.#embeddingEvaluator();
        const results: EmbeddedItem[] = new Array(items.length);
        const evaluated: { index: number; tokens: Token[] }[] = [];
        items.forEach((item, index) => {
            try {
                evaluated.push({ index, tokens: embeddingTokens(this.#model, item.text, this.load.contextSize, item.truncate) });
            } catch (error) {
                // One refused input (too long, say) fails only the request it came from.
                results[index] = { error: error instanceof Error ? error : new Error(String(error)) };
            }
        });
        const { vectors, evaluations } = await evaluator.evaluate(
            evaluated.map((entry) => entry.tokens),
            signal
        );
        evaluated.forEach((entry, position) => (results[entry.index] = { vector: vectors[position]!, tokens: entry.tokens.length }));
        return { items: results, evaluations };
    }

    async rank(query: string, documents: readonly string[], truncate: boolean, signal: AbortSignal): Promise<RankResult> {
        if (!this.definition.capabilities.includes("rerank"))
            throw new BadRequestError(`"${this.definition.name}" does not support rerank`);
        const evaluator = await this.#embeddingEvaluator();
        const inputs = documents.map((document) => rankingTokens(this.#model, query, document, this.load.contextSize, truncate));
        const { vectors, evaluations } = await evaluator.evaluate(inputs, signal);
        return {
            scores: vectors.map((vector) => rankingScore(this.#model, vector)),
            tokens: inputs.reduce((sum, input) => sum + input.length, 0),
            evaluations
        };
    }

    countTokens(text: string): number {
        return this.#model.tokenize(text, true).length;
    }

    /** Frees the context and the weights; waiting requests fail, later calls do nothing. */
    dispose(): Promise<void> {
        this.#disposing ??= (async () => {
            const runtime = this.#runtime;
            if (runtime.kind === "completion") {
                runtime.pool.dispose();
                await runtime.context.dispose();
            } else {
                await runtime.evaluator.dispose();
            }
            await (await this.#embedding?.catch(() => undefined))?.dispose();
            await this.#model.dispose();
        })();
        return this.#disposing;
    }

    [Symbol.asyncDispose](): Promise<void> {
        return this.dispose();
    }

    #embeddingEvaluator(): Promise<EmbeddingEvaluator> {
        if (this.#runtime.kind === "embedding") return Promise.resolve(this.#runtime.evaluator);
        // As a completion slot waiter is told (SequencePool): not the client's fault, so not a 400.
        if (this.#disposing) throw new Error("the model was unloaded");
        this.#embedding ??= createEvaluator(this.#model, this.load).catch((error: unknown) => {
            this.#embedding = undefined;
            throw error;
        });
        return this.#embedding;
    }

    #completion(action: string): void {
        if (this.#runtime.kind !== "completion") throw new BadRequestError(`"${this.definition.name}" does not support ${action}`);
    }

    async *#complete(
        prompt: RenderedPrompt,
        input: { options: SamplingOptions } & OutputOptions,
        settings: {
            returnContext: boolean;
            /** A grammar of the caller's (a forced tool call) instead of the one `format` implies. */
            grammar?: LlamaGrammar;
            stopWhen?: (output: string) => boolean;
            /** The prompt opened a tool call, with this much of it written already. */
            call?: { opening: string };
            priority?: RequestPriority;
        },
        signal: AbortSignal
    ): AsyncGenerator<GenerationChunk, GenerationStats> {
        const runtime = this.#runtime;
        if (runtime.kind !== "completion") throw new Error("not a completion model");
        const grammar: LlamaGrammar | undefined =
            settings.grammar ?? (input.format !== undefined ? await grammarFor(this.#llama, input.format) : undefined);
        // A format grammar allows blanks forever after its value: stop when the value closes.
        const stopWhen = settings.stopWhen ?? (input.format !== undefined ? isWholeJson : undefined);
        const output = prompt.output;
        const parser =
            output && (output.thinking || output.toolCalls || settings.call)
                ? new ChatOutputParser(output, settings.call ? { inCall: true, opening: settings.call.opening } : {})
                : undefined;
        const lease = await runtime.pool.acquire(signal, prompt.tokens);
        // An interactive request's prompt goes in the next step: batch lines wait until it is queued.
        const arrived = settings.priority === "batch" ? undefined : runtime.arrivals.begin();
        try {
            const generation = generateText({
                model: this.#model,
                sequence: lease.slot,
                contextSize: this.load.contextSize,
                prompt,
                options: input.options,
                ...(grammar ? { grammar } : {}),
                ...(stopWhen ? { stopWhen } : {}),
                ...(input.logprobs ? { logprobs: input.logprobs } : {}),
                returnContext: settings.returnContext,
                ...(settings.priority === "batch" ? { evaluationPriority: batchPriority } : {}),
                ...(runtime.prefixes ? { prefixes: runtime.prefixes } : {}),
                ...(arrived ? { onFirstToken: arrived } : {}),
                signal
            });
            if (!parser) return yield* generation;
            for (;;) {
                const next = await generation.next();
                const parsed = next.done ? parser.flush() : parser.push(next.value.text);
                const logprobs = next.done ? undefined : next.value.logprobs;
                if (parsed.content !== "" || parsed.thinking !== "" || parsed.toolCalls.length > 0 || logprobs) {
                    yield {
                        text: parsed.content,
                        ...(parsed.thinking !== "" ? { thinking: parsed.thinking } : {}),
                        ...(parsed.toolCalls.length > 0 ? { toolCalls: parsed.toolCalls } : {}),
                        ...(logprobs ? { logprobs } : {})
                    };
                }
                if (next.done) return next.value;
            }
        } finally {
            arrived?.();
            lease.release();
        }
    }
}

async function createCompletionRuntime(model: LlamaModel, definition: ModelDefinition, load: LoadOptions): Promise<Runtime> {
    // Ollama quantises the KV cache only with flash attention on; llama.cpp needs it for a quantised V cache.
    const kvType = load.kvCacheType !== "f16" && load.flashAttention !== false ? kvCacheGgmlType[load.kvCacheType] : undefined;
    const arrivals = new PromptArrivals();
    const options: LlamaContextOptions = {
        contextSize: load.contextSize,
        batchSize: load.batchSize,
        threads: load.threads,
        sequences: load.sequences,
        flashAttention: load.flashAttention,
        // Batch jobs' lines sit out the steps that evaluate an interactive prompt, and take their own in small steps.
        batching: {
            itemPrioritizationStrategy: interactiveFirst(batchPromptTokens[model.llama.gpu === false ? "cpu" : "gpu"], arrivals)
        },
        ...(kvType ? { experimentalKvCacheKeyType: kvType, experimentalKvCacheValueType: kvType } : {}),
        ...(definition.adapterPaths.length > 0 ? { lora: { adapters: definition.adapterPaths.map((filePath) => ({ filePath })) } } : {})
    };
    const context = await model.createContext(options);
    const sequences = Array.from({ length: load.sequences }, () => context.getSequence());
    const pool = new SequencePool(sequences, (sequence, tokens) => sequence.compareContextTokens(tokens as Token[]).firstDifferentIndex);
    const prefixes = load.sharePrefixes ? PrefixSharing.for(sequences) : undefined;
    return { kind: "completion", context, pool, arrivals, ...(prefixes ? { prefixes } : {}) };
}

/**
 * Shared KV cells for the longest input; a pooled model's whole context fits one batch (see
 * loadOptionsFor). Flash attention as configured (on under "auto", as llama-server): the evaluator
 * pads short evaluations so that batched still equals alone (see EmbeddingEvaluator).
 */
function createEvaluator(model: LlamaModel, load: LoadOptions): Promise<EmbeddingEvaluator> {
    return EmbeddingEvaluator.create(model, {
        cells: load.contextSize,
        batchTokens: Math.min(load.batchSize, load.contextSize),
        sequences: load.embeddingSequences,
        packTokens: load.embeddingTokens,
        threads: load.threads,
        flashAttention: load.flashAttention
    });
}

function contextMemory(runtime: Runtime): { ram: number; vram: number } {
    return runtime.kind === "completion" ? runtime.context.memoryUsage : runtime.evaluator.memoryUsage;
}

async function fileSizes(paths: readonly string[]): Promise<number> {
    const sizes = await Promise.all(paths.map(async (path) => (await stat(path)).size));
    return sizes.reduce((sum, size) => sum + size, 0);
}
