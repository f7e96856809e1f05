/**
 * @module embeddingScenario
 * The embeddings benchmark (`--scenarios embeddings`): N short sentences (1024; 64 in the smoke
 * run) on one embedding model, measured as
 *
 * - (a) 32 concurrent clients sending single-input requests,
 * - (b) requests of 32 inputs, one after another,
 * - (c) a second pass of (a) over the same sentences (Kettle's cache), then a third by one client
 *   alone: with 32 clients every request also waits behind the other 31 on the server's one
 *   control-plane thread, so the one-client pass is what a hit itself costs,
 *
 * for Kettle over HTTP, side by side with node-llama-cpp in-process one by one (its embedding
 * context, the engine's floor) and batched (Kettle's evaluator, 32 inputs a call, no server), and
 * with llama-server's `/v1/embeddings` (a, b) when LLAMA_SERVER is set. Each row: texts/s over the
 * whole pass, and p50/p99 latency of one request (one call in-process), on the client clock.
 * (a) and (b) embed different sentences, so neither finds the other's in the cache.
 */
import http from "node:http";
import { getLlama, type Llama } from "node-llama-cpp";
import { defaultConfig } from "../config/defaultConfig.js";
import { EmbeddingEvaluator } from "../runtime/engine/EmbeddingEvaluator.js";
import { embeddingTokens } from "../runtime/engine/embeddingTokens.js";
import { startKettle } from "../testing/startKettle.js";
import { importModel } from "./contenders/kettleContender.js";
import { startLlamaServer } from "./contenders/startLlamaServer.js";
import { median, percentile } from "./stats.js";

export const concurrency = 32;
export const batchSize = 32;

export type EmbeddingRow = { contender: string; mode: string; texts: number; textsPerSecond: number; p50Ms: number; p99Ms: number };

export type EmbeddingResult = {
    model: string;
    sentences: number;
    concurrency: number;
    batch: number;
    rows: EmbeddingRow[];
    /** Kettle's own counters (GET /api/stats) after each pass: batches and evaluations the inputs took, cache hits. */
    kettleStats: Record<string, { batches: number; evaluations: number; hits: number; misses: number }>;
};

export type EmbeddingOptions = {
    model: string;
    threads: number;
    contextSize: number;
    sentences: number;
    llamaServer?: string | undefined;
};

const words = ["Once", "Twice", "Long", "Far", "Deep", "High", "Cold", "Warm", "Dark", "Bright", "Quiet", "Loud"];
/** The i-th sentence of a pass; passes differ from the second word on. */
const sentence = (pass: string, i: number) => `${words[i % words.length]} ${pass} sentence number ${i} about a fox in the grass.`;

export async function runEmbeddingScenario(options: EmbeddingOptions): Promise<EmbeddingResult> {
    const set = (pass: string) => Array.from({ length: options.sentences }, (_, i) => sentence(pass, i));
    const [a, b] = [set("alpha"), set("beta")];
    const rows: EmbeddingRow[] = [];
    const kettleStats: EmbeddingResult["kettleStats"] = {};

    process.stderr.write("embeddings: node-llama-cpp in-process …\n");
    rows.push(...(await inProcess(options, a, b)));

    process.stderr.write("embeddings: kettle …\n");
    const kettle = await startKettle({
        env: { KETTLE_THREADS: String(options.threads), OLLAMA_CONTEXT_LENGTH: String(options.contextSize) }
    });
    try {
        await importModel(kettle.url, "bench-embed", options.model);
        const url = `${kettle.url}/api/embed`;
        const send = (input: string | string[]) => post(url, { model: "bench-embed", input, keep_alive: -1 });
        await send(set("warm-up").slice(0, batchSize));
        const stats = async (pass: string) => {
            const response = await fetch(`${kettle.url}/api/stats`);
            const { embeddings } = (await response.json()) as {
                embeddings: { batches: number; evaluations: number; cache: { hits: number; misses: number } };
            };
            kettleStats[pass] = {
                batches: embeddings.batches,
                evaluations: embeddings.evaluations,
                hits: embeddings.cache.hits,
                misses: embeddings.cache.misses
            };
        };
        rows.push(await concurrentSingles("kettle", "(a) 32 concurrent single-input requests", a, send));
        await stats("a");
        rows.push(await sequentialBatches("kettle", "(b) requests of 32 inputs", b, send));
        await stats("b");
        rows.push(await concurrentSingles("kettle", "(c) second pass of (a), cached", a, send));
        rows.push(await timed("kettle", "(c) third pass of (a), cached, one client", a, a.length, (i) => send(a[i]!)));
        await stats("c");
    } finally {
        await kettle.stop();
    }

    if (options.llamaServer) {
        process.stderr.write("embeddings: llama-server …\n");
        // One slot per concurrent client, 256 cells each (the sentences are short), one shared batch.
        const server = await startLlamaServer(options.llamaServer, options.model, [
            "--embedding",
            "--pooling",
            "mean",
            "-t",
            String(options.threads),
            "-np",
            String(concurrency),
            "-c",
            String(256 * concurrency),
            "-b",
            "2048",
            "-ub",
            "2048"
        ]);
        try {
            const send = (input: string | string[]) => post(`${server.url}/v1/embeddings`, { model: "bench-embed", input });
            await send(set("warm-up").slice(0, batchSize));
            rows.push(await concurrentSingles("llama-server", "(a) 32 concurrent single-input requests", a, send));
            rows.push(await sequentialBatches("llama-server", "(b) requests of 32 inputs", b, send));
        } finally {
            await server.stop();
        }
    }
    return { model: options.model, sentences: options.sentences, concurrency, batch: batchSize, rows, kettleStats };
}

/** node-llama-cpp's embedding context one text at a time, then Kettle's evaluator 32 at a time. */
async function inProcess(options: EmbeddingOptions, a: string[], b: string[]): Promise<EmbeddingRow[]> {
    const llama: Llama = await getLlama({ gpu: false });
    const model = await llama.loadModel({ modelPath: options.model });
    const rows: EmbeddingRow[] = [];
    try {
        const context = await model.createEmbeddingContext({
            contextSize: options.contextSize,
            batchSize: options.contextSize,
            threads: options.threads
        });
        await context.getEmbeddingFor("warm up");
        rows.push(
            await timed("node-llama-cpp in-process", "one by one", a, a.length, async (i) => {
                await context.getEmbeddingFor(a[i]!);
            })
        );
        await context.dispose();

        // The settings Kettle uses by default ([embeddings] max_batch, batch_tokens, engine.flash_attention).
        const evaluator = await EmbeddingEvaluator.create(model, {
            cells: options.contextSize,
            batchTokens: options.contextSize,
            sequences: defaultConfig.embeddings.max_batch,
            packTokens: defaultConfig.embeddings.batch_tokens,
            threads: options.threads,
            flashAttention: defaultConfig.engine.flash_attention
        });
        const never = new AbortController().signal;
        const tokens = b.map((text) => embeddingTokens(model, text, options.contextSize, true));
        await evaluator.evaluate(tokens.slice(0, batchSize), never);
        rows.push(
            await timed(
                "node-llama-cpp in-process",
                "batches of 32 (Kettle's evaluator)",
                b,
                Math.ceil(b.length / batchSize),
                async (i) => {
                    await evaluator.evaluate(tokens.slice(i * batchSize, (i + 1) * batchSize), never);
                }
            )
        );
        await evaluator.dispose();
    } finally {
        await model.dispose();
        await (llama as Llama & { dispose(): Promise<void> }).dispose();
    }
    return rows;
}

function concurrentSingles(
    contender: string,
    mode: string,
    texts: string[],
    send: (input: string) => Promise<void>
): Promise<EmbeddingRow> {
    return timed(contender, mode, texts, texts.length, (i) => send(texts[i]!), concurrency);
}

function sequentialBatches(
    contender: string,
    mode: string,
    texts: string[],
    send: (input: string[]) => Promise<void>
): Promise<EmbeddingRow> {
    return timed(contender, mode, texts, Math.ceil(texts.length / batchSize), (i) => send(texts.slice(i * batchSize, (i + 1) * batchSize)));
}

/** Runs `calls` calls, `clients` at a time, timing each; the row's rate counts every text. */
async function timed(
    contender: string,
    mode: string,
    texts: string[],
    calls: number,
    call: (i: number) => Promise<void>,
    clients = 1
): Promise<EmbeddingRow> {
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
        Array.from({ length: clients }, async () => {
            for (let i = next++; i < calls; i = next++) {
                const at = performance.now();
                await call(i);
                latencies.push(performance.now() - at);
            }
        })
    );
    const seconds = (performance.now() - started) / 1000;
    return {
        contender,
        mode,
        texts: texts.length,
        textsPerSecond: texts.length / seconds,
        p50Ms: median(latencies),
        p99Ms: percentile(latencies, 99)
    };
}

/** Kept-alive connections, enough for every client: fetch costs the client a few tenths of a ms a request. */
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency * 2 });

function post(url: string, body: unknown): Promise<void> {
    const bytes = Buffer.from(JSON.stringify(body));
    const target = new URL(url);
    return new Promise((resolve, reject) => {
        const request = http.request(
            {
                host: target.hostname,
                port: target.port,
                path: target.pathname,
                method: "POST",
                agent,
                headers: { "content-type": "application/json", "content-length": bytes.length }
            },
            (response) => {
                const chunks: Buffer[] = [];
                response.on("data", (chunk: Buffer) => chunks.push(chunk));
                response.on("end", () =>
                    response.statusCode === 200
                        ? resolve()
                        : reject(new Error(`${url}: ${response.statusCode} ${Buffer.concat(chunks).toString()}`))
                );
                response.on("error", reject);
            }
        );
        request.on("error", reject);
        request.end(bytes);
    });
}

/** The table, and the targets checked against it. */
export function formatEmbeddingReport(result: EmbeddingResult): string {
    const find = (contender: string, prefix: string) =>
        result.rows.find((row) => row.contender === contender && row.mode.startsWith(prefix));
    const fmt = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
    const header = ["embeddings", "texts/s", "p50 ms", "p99 ms"];
    const rows = result.rows.map((row) => [`${row.contender} ${row.mode}`, fmt(row.textsPerSecond), fmt(row.p50Ms), fmt(row.p99Ms)]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("    ");
    const lines = [`embeddings: ${result.sentences} sentences, ${result.concurrency} clients, ${result.batch} inputs a request`];
    lines.push(line(header), ...rows.map(line));
    const one = find("node-llama-cpp in-process", "one by one");
    const kb = find("kettle", "(b)");
    const ka = find("kettle", "(a)");
    const kc = result.rows.find((row) => row.contender === "kettle" && row.mode.includes("one client"));
    const lb = find("llama-server", "(b)");
    const la = find("llama-server", "(a)");
    if (one && kb) lines.push(`kettle (b) / in-process one by one: ${(kb.textsPerSecond / one.textsPerSecond).toFixed(2)}x (target >= 3x)`);
    if (ka && la) lines.push(`kettle (a) / llama-server (a): ${(ka.textsPerSecond / la.textsPerSecond).toFixed(2)}x`);
    if (kb && lb) lines.push(`kettle (b) / llama-server (b): ${(kb.textsPerSecond / lb.textsPerSecond).toFixed(2)}x (target >= 1x)`);
    if (kc) lines.push(`kettle (c) p99 of a hit, one client: ${kc.p99Ms.toFixed(2)} ms (target < 1 ms)`);
    for (const [pass, stats] of Object.entries(result.kettleStats)) {
        lines.push(
            `kettle after (${pass}): ${stats.batches} batches, ${stats.evaluations} evaluations, ${stats.hits} hits, ${stats.misses} misses`
        );
    }
    return lines.join("\n") + "\n";
}
