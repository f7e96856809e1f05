/**
 * @module KettleMetrics
 * `GET /metrics`: one prom-client registry on the server's main thread. Counters and histograms are
 * fed as things happen (each request's end, each model call's usage as its worker reports it,
 * queue waits, loads); gauges and the counts the server already keeps elsewhere (the embeddings
 * cache, batch lines) are read when Prometheus scrapes, so they cannot drift from `/api/ps` and
 * `/api/stats`. Labels are routes, models and devices only: never prompts, ids or keys.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ModelUsage } from "../../runtime/metrics/ModelUsage.js";
import type { RunningModel } from "../../runtime/ollama/types.js";

/** What the metrics read at each scrape. */
export type MetricSources = {
    runningModels(): RunningModel[];
    embeddingCache(): { hits: number; misses: number };
    /** Batch lines ended since start, and lines still pending in running batches. */
    batchLines(): { completed: number; failed: number; pending: number };
};

/** Latency buckets from 5 ms to a minute: first tokens, requests and loads. */
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Per-token gaps, from a GPU's milliseconds to a slow CPU's tenths of a second. */
const tokenBuckets = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5, 1];

export class KettleMetrics {
    readonly registry = new Registry();
    readonly #requests: Counter<"route" | "method" | "status">;
    readonly #requestSeconds: Histogram<"route">;
    readonly #promptTokens: Counter<"model">;
    readonly #generatedTokens: Counter<"model">;
    readonly #firstToken: Histogram<"model">;
    readonly #interToken: Histogram<"model">;
    readonly #queueSeconds: Histogram<"model">;
    readonly #loadSeconds: Histogram<"model">;

    #sources: MetricSources = {
        runningModels: () => [],
        embeddingCache: () => ({ hits: 0, misses: 0 }),
        batchLines: () => ({ completed: 0, failed: 0, pending: 0 })
    };

    constructor() {
        const registers = [this.registry];
        const sources = {
            runningModels: () => this.#sources.runningModels(),
            embeddingCache: () => this.#sources.embeddingCache(),
            batchLines: () => this.#sources.batchLines()
        };
        collectDefaultMetrics({ register: this.registry });
        this.#requests = new Counter({
            name: "kettle_http_requests_total",
            help: "HTTP requests answered, by route pattern, method and status.",
            labelNames: ["route", "method", "status"],
            registers
        });
        this.#requestSeconds = new Histogram({
            name: "kettle_http_request_duration_seconds",
            help: "Time from a request's arrival to the end of its response (streams included).",
            labelNames: ["route"],
            buckets: latencyBuckets,
            registers
        });
        this.#promptTokens = new Counter({
            name: "kettle_prompt_tokens_total",
            help: "Prompt tokens of the generations and embeddings served (prompt_eval_count).",
            labelNames: ["model"],
            registers
        });
        this.#generatedTokens = new Counter({
            name: "kettle_generated_tokens_total",
            help: "Tokens generated (eval_count).",
            labelNames: ["model"],
            registers
        });
        this.#firstToken = new Histogram({
            name: "kettle_time_to_first_token_seconds",
            help: "From the engine taking a generation to its first token (the wait for a sequence is kettle_request_queue_seconds).",
            labelNames: ["model"],
            buckets: latencyBuckets,
            registers
        });
        this.#interToken = new Histogram({
            name: "kettle_inter_token_latency_seconds",
            help: "Time between consecutive generated tokens.",
            labelNames: ["model"],
            buckets: tokenBuckets,
            registers
        });
        this.#queueSeconds = new Histogram({
            name: "kettle_request_queue_seconds",
            help: "How long an interactive request waited for a sequence of its model (queued, or for the model to load).",
            labelNames: ["model"],
            buckets: latencyBuckets,
            registers
        });
        this.#loadSeconds = new Histogram({
            name: "kettle_model_load_seconds",
            help: "How long a model took to load.",
            labelNames: ["model"],
            buckets: latencyBuckets,
            registers
        });
        const perModel = (name: string, help: string, value: (model: RunningModel) => number) =>
            new Gauge({
                name,
                help,
                labelNames: ["model"],
                registers,
                collect() {
                    this.reset();
                    for (const model of sources.runningModels()) this.set({ model: model.name }, value(model));
                }
            });
        perModel("kettle_queue_depth", "Requests waiting for a sequence of the model.", (model) => model.queue_depth ?? 0);
        perModel("kettle_sequences_busy", "Sequences of the model's replicas running a request.", (model) => model.sequences_busy ?? 0);
        perModel("kettle_sequences_total", "Sequences of the model's warm replicas.", (model) => model.sequences_total ?? 0);
        new Gauge({
            name: "kettle_models_loaded",
            help: "Warm models, by device (lane).",
            labelNames: ["device"],
            registers,
            collect() {
                this.reset();
                const byDevice = new Map<string, number>();
                for (const model of sources.runningModels()) {
                    for (const device of (model.lane ?? "").split(",")) byDevice.set(device, (byDevice.get(device) ?? 0) + 1);
                }
                for (const [device, count] of byDevice) this.set({ device }, count);
            }
        });
        new Gauge({
            name: "kettle_model_memory_bytes",
            help: "Memory a warm model holds (what ps reports as size), by device (lane).",
            labelNames: ["model", "device"],
            registers,
            collect() {
                this.reset();
                for (const model of sources.runningModels()) this.set({ model: model.name, device: model.lane ?? "" }, model.size);
            }
        });
        // Counted where they happen (the cache, the batch runner); mirrored here at each scrape.
        const mirrored = (name: string, help: string, value: () => number) =>
            new Counter({
                name,
                help,
                registers,
                collect() {
                    this.reset();
                    this.inc(value());
                }
            });
        mirrored("kettle_embedding_cache_hits_total", "Embedding inputs answered from the cache.", () => sources.embeddingCache().hits);
        mirrored("kettle_embedding_cache_misses_total", "Embedding inputs the cache did not hold.", () => sources.embeddingCache().misses);
        new Counter({
            name: "kettle_batch_lines_total",
            help: "Batch lines ended since the server started, by status.",
            labelNames: ["status"],
            registers,
            collect() {
                this.reset();
                const lines = sources.batchLines();
                this.inc({ status: "completed" }, lines.completed);
                this.inc({ status: "failed" }, lines.failed);
            }
        });
        new Gauge({
            name: "kettle_batch_lines_pending",
            help: "Lines of running batches still to run.",
            registers,
            collect() {
                this.set(sources.batchLines().pending);
            }
        });
    }

    /** Where the gauges and mirrored counters read from, once the runtime that keeps them is up. */
    attach(sources: MetricSources): void {
        this.#sources = sources;
    }

    request(route: string, method: string, status: number, seconds: number): void {
        this.#requests.inc({ route, method, status: String(status) });
        this.#requestSeconds.observe({ route }, seconds);
    }

    readonly usage = (usage: ModelUsage): void => {
        const labels = { model: usage.model };
        this.#promptTokens.inc(labels, usage.promptTokens);
        this.#generatedTokens.inc(labels, usage.generatedTokens);
        if (usage.firstTokenSeconds !== undefined) this.#firstToken.observe(labels, usage.firstTokenSeconds);
        for (const gap of usage.interTokenSeconds ?? []) this.#interToken.observe(labels, gap);
    };

    queueWait(model: string, seconds: number): void {
        this.#queueSeconds.observe({ model }, seconds);
    }

    modelLoaded(model: string, seconds: number): void {
        this.#loadSeconds.observe({ model }, seconds);
    }

    /** The exposition, and its content type. */
    async render(): Promise<{ text: string; contentType: string }> {
        return { text: await this.registry.metrics(), contentType: this.registry.contentType };
    }
}
