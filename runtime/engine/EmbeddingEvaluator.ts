/**
 * @module EmbeddingEvaluator
 * Embeds many token sequences in few evaluations: up to `sequences` inputs and `batchTokens`
 * tokens go into one llama.cpp batch, each input its own sequence, and each input's vector is read
 * after the one decode (its pooled vector, or its last token's output for a model without pooling).
 * node-llama-cpp's embedding context evaluates one input per decode; this drives its native
 * context directly through two additions of Kettle's patch (patches/node-llama-cpp+*.patch): a
 * KV cache shared by every sequence (`kvUnified`), so a batch of short inputs fits in the cells of
 * one long one, and `getSequenceEmbedding`. With a binding that lacks them (node-llama-cpp's
 * prebuilt binary), inputs are evaluated one per decode, as before.
 *
 * With flash attention, llama.cpp's CPU kernel takes one of two paths by the batch's size: under
 * {@link flashTileTokens} tokens it accumulates in half precision, from there on in single precision
 * with each token's row computed on its own. A short evaluation is therefore padded with filler
 * tokens in a sequence of their own, so that every evaluation takes the same path and an input's vector is
 * the same (to 1e-6) whatever it is batched with, as it is without flash attention. Where that cannot
 * be done (batches under 128 tokens, the prebuilt binary), flash attention is left off.
 */
import type { LlamaContext, LlamaContextOptions, LlamaModel, Token } from "node-llama-cpp";
import { throwIfAborted } from "./AbortError.js";

/** The native context methods used here (node-llama-cpp's AddonContext, plus the patch's method). */
type NativeContext = {
    initBatch(size: number): void;
    addToBatch(sequenceId: number, firstTokenIndex: number, tokens: Uint32Array, outputIndexes: Uint32Array): Uint32Array;
    decodeBatch(): Promise<void>;
    disposeSequence(sequenceId: number): void;
    getEmbedding(inputLength: number): Float64Array;
    getSequenceEmbedding?(sequenceId: number, batchIndex: number): Float32Array;
};

/** The CPU flash-attention kernel's query tile (GGML_FA_TILE_Q): from this many tokens on, it runs tiled in f32. */
export const flashTileTokens = 64;

export type EmbeddingEvaluatorSettings = {
    /** KV cells shared by all sequences: the longest input plus one. */
    cells: number;
    /** Most tokens in one evaluation. */
    batchTokens: number;
    /** Most inputs in one evaluation. */
    sequences: number;
    /**
     * Tokens an evaluation aims to hold: inputs join one while their total stays within it (a longer
     * input goes alone). All of a batch's sequences share one KV cache, so each token attends over
     * every cell in use, masked: attention grows with the square of the batch, and past a few
     * hundred tokens it costs more than batching saves on a CPU (see bench/README.md).
     */
    packTokens: number;
    threads: number;
    flashAttention: LlamaContextOptions["flashAttention"];
};

export type Evaluated = { vectors: Float32Array[]; evaluations: number };

export class EmbeddingEvaluator {
    /** Inputs evaluated together at most (1 with an unpatched binding). */
    readonly sequences: number;
    readonly batchTokens: number;
    readonly packTokens: number;
    readonly #context: LlamaContext;
    readonly #native: NativeContext;
    /** With flash attention: short evaluations are padded to {@link flashTileTokens} (in the sequence after their inputs'). */
    readonly #padded: boolean;
    readonly #cells: number;
    /** Evaluations run one at a time: a batch is built in the context's one native batch. */
    #queue: Promise<unknown> = Promise.resolve();
    #initializedBatch = 0;

    private constructor(context: LlamaContext, sequences: number, batchTokens: number, packTokens: number, padded: boolean, cells: number) {
        this.#context = context;
        this.#cells = cells;
        this.#native = (context as unknown as { _ctx: NativeContext })._ctx;
        this.#padded = padded;
        this.sequences = sequences;
        this.batchTokens = batchTokens;
        this.packTokens = Math.min(packTokens, batchTokens);
    }

    /** Whether this process's llama.cpp binding can evaluate several inputs at once. */
    static batchingSupported(model: LlamaModel): boolean {
        const bindings = (model as unknown as { _llama: { _bindings: { AddonContext: { prototype: object } } } })._llama._bindings;
        return typeof (bindings.AddonContext.prototype as Partial<NativeContext>).getSequenceEmbedding === "function";
    }

    static async create(model: LlamaModel, settings: EmbeddingEvaluatorSettings): Promise<EmbeddingEvaluator> {
        const batched = EmbeddingEvaluator.batchingSupported(model);
        const sequences = batched ? Math.max(1, settings.sequences) : 1;
        // The padding needs a sequence besides an input's, and room in the cells beside the longest input.
        const padded =
            batched &&
            sequences > 1 &&
            settings.flashAttention !== false &&
            Math.min(settings.batchTokens, settings.cells) >= 2 * flashTileTokens;
        // node-llama-cpp sizes the context as contextSize × sequences; with one shared cache that is the total.
        const options = {
            contextSize: Math.ceil(settings.cells / sequences),
            batchSize: settings.batchTokens,
            sequences,
            threads: settings.threads,
            // Where evaluations cannot be padded, flash attention would make vectors depend on their batch: off.
            flashAttention: padded ? settings.flashAttention : false,
            _embeddings: true,
            ...(batched ? { _kvUnified: true } : {})
        } as LlamaContextOptions;
        const context = await model.createContext(options);
        return new EmbeddingEvaluator(context, sequences, settings.batchTokens, settings.packTokens, padded, settings.cells);
    }

    /** Memory the context takes, as node-llama-cpp estimates it. */
    get memoryUsage(): { ram: number; vram: number } {
        return this.#context.memoryUsage;
    }

    /** Vectors for each token list, in order. Lists must be non-empty and shorter than the cells. */
    evaluate(inputs: readonly Token[][], signal: AbortSignal): Promise<Evaluated> {
        const run = this.#queue.then(() => this.#evaluate(inputs, signal));
        this.#queue = run.catch(() => undefined);
        return run;
    }

    dispose(): Promise<void> {
        return this.#context.dispose();
    }

    async #evaluate(inputs: readonly Token[][], signal: AbortSignal): Promise<Evaluated> {
        const vectors: Float32Array[] = new Array(inputs.length);
        let evaluations = 0;
        let next = 0;
        while (next < inputs.length) {
            throwIfAborted(signal);
            // Greedy packing in order: as many inputs as fit by count and by tokens.
            const batch: number[] = [next];
            let tokens = inputs[next]!.length;
            next++;
            // With padding, one sequence stays free for the filler.
            const most = this.#padded ? this.sequences - 1 : this.sequences;
            while (next < inputs.length && batch.length < most && tokens + inputs[next]!.length <= this.packTokens) {
                tokens += inputs[next]!.length;
                batch.push(next);
                next++;
            }
            if (batch.length === 1 && tokens > this.batchTokens) {
                vectors[batch[0]!] = await this.#evaluateInChunks(inputs[batch[0]!]!);
                evaluations += Math.ceil(tokens / this.batchTokens);
                continue;
            }
            const read = await this.#decode(batch.map((index) => inputs[index]!));
            batch.forEach((index, position) => (vectors[index] = read[position]!));
            evaluations++;
        }
        return { vectors, evaluations };
    }

    /** One decode of several inputs, sequence i holding input i; their vectors, in order. */
    async #decode(inputs: readonly Token[][]): Promise<Float32Array[]> {
        const native = this.#native;
        const total = inputs.reduce((sum, tokens) => sum + tokens.length, 0);
        const padding = this.#padded ? Math.max(0, flashTileTokens - total) : 0;
        this.#initBatch(total + padding);
        const lastTokenAt: number[] = [];
        try {
            inputs.forEach((tokens, sequence) => {
                const [at] = native.addToBatch(sequence, 0, Uint32Array.from(tokens), Uint32Array.of(tokens.length - 1));
                lastTokenAt.push(at!);
            });
            if (padding > 0) this.#addFiller(inputs.length, inputs[0]!, padding);
            await native.decodeBatch();
            return inputs.map((tokens, sequence) =>
                native.getSequenceEmbedding
                    ? native.getSequenceEmbedding(sequence, lastTokenAt[sequence]!)
                    : Float32Array.from(native.getEmbedding(tokens.length))
            );
        } finally {
            inputs.forEach((_, sequence) => native.disposeSequence(sequence));
            if (padding > 0) native.disposeSequence(inputs.length);
        }
    }

    /**
     * An input longer than one batch: only a model without pooling gets here (a pooled model's
     * batch holds its whole context), whose vector is its last token's output, so the earlier
     * chunks only fill the cache.
     */
    async #evaluateInChunks(tokens: readonly Token[]): Promise<Float32Array> {
        const native = this.#native;
        try {
            let last: Float32Array | undefined;
            for (let start = 0; start < tokens.length; start += this.batchTokens) {
                const chunk = tokens.slice(start, start + this.batchTokens);
                // A short last chunk is padded like a short evaluation (in sequence 1), where the cells have room.
                const padding =
                    this.#padded && tokens.length + flashTileTokens <= this.#cells ? Math.max(0, flashTileTokens - chunk.length) : 0;
                this.#initBatch(chunk.length + padding);
                const [at] = native.addToBatch(0, start, Uint32Array.from(chunk), Uint32Array.of(chunk.length - 1));
                if (padding > 0) this.#addFiller(1, chunk, padding);
                await native.decodeBatch();
                if (padding > 0) native.disposeSequence(1);
                if (start + chunk.length >= tokens.length) {
                    last = native.getSequenceEmbedding
                        ? native.getSequenceEmbedding(0, at!)
                        : Float32Array.from(native.getEmbedding(tokens.length));
                }
            }
            return last!;
        } finally {
            native.disposeSequence(0);
        }
    }

    /** Filler tokens (`like`'s over again) in a sequence of their own that no input attends to. */
    #addFiller(sequence: number, like: readonly Token[], count: number): void {
        const filler = Uint32Array.from({ length: count }, (_, i) => like[i % like.length]!);
        this.#native.addToBatch(sequence, 0, filler, Uint32Array.of(count - 1));
    }

    /** A fresh native batch of `size` tokens; reallocated only when a larger one is needed. */
    #initBatch(size: number): void {
        // initBatch also empties the batch, so it runs before every decode; the size only grows.
        this.#initializedBatch = Math.max(this.#initializedBatch, Math.min(this.batchTokens, Math.max(size, 64)));
        this.#native.initBatch(this.#initializedBatch);
    }
}
