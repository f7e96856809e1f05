/**
 * @module generateBench
 * `/api/generate` through a real `kettle serve` against node-llama-cpp in this process, side by side
 * on the same benchmark-sized model and thread count: decode tokens/s and time to first token
 * (medians over interleaved runs). Prints the ratios and writes bench/results/generate-<time>.json.
 *
 *   npm run bench:generate [-- --runs 7 --tokens 128 --threads 2 --model path.gguf]
 *
 * Without --model, a ~190 MB Q8_0 model with random weights is made once with
 * ../shared/tools/make-gguf.mjs into bench/models/ (not committed).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync, createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { getLlama, LlamaLogLevel, type LlamaContextSequence, type LlamaModel } from "node-llama-cpp";
import { physicalCoreCount } from "../runtime/engine/physicalCoreCount.js";
import { tokenizePrompt } from "../runtime/engine/tokenizePrompt.js";
import { startKettle } from "../test/startKettle.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const { values } = parseArgs({
    options: {
        runs: { type: "string", default: "7" },
        tokens: { type: "string", default: "128" },
        threads: { type: "string" },
        model: { type: "string" },
        context: { type: "string", default: "2048" }
    }
});
const runs = Number(values.runs);
const tokens = Number(values.tokens);
const threads = values.threads ? Number(values.threads) : physicalCoreCount();
const contextSize = Number(values.context);

type Sample = { ttftMs: number; decodeTokensPerSecond: number };

const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function benchModel(): string {
    if (values.model) return values.model;
    const dir = join(root, "bench", "models");
    const file = join(dir, "bench-q8.gguf");
    if (!existsSync(file)) {
        mkdirSync(dir, { recursive: true });
        console.error("making the benchmark model (once) …");
        execFileSync(
            process.execPath,
            [join(root, "..", "shared", "tools", "make-gguf.mjs"), "--out", file, "--type", "q8_0", "--chat-template", "none"],
            { stdio: "inherit" }
        );
    }
    return file;
}

/** The prompt of run i: distinct from the first token on, so no run reuses another's KV cache. */
const promptOf = (i: number) =>
    `${["Once", "Twice", "Long", "Far", "Deep", "High", "Cold", "Warm", "Dark"][i % 9]} upon a time, in a land far away, there lived`;

async function inProcess(model: LlamaModel, sequence: LlamaContextSequence, prompt: string): Promise<Sample> {
    await sequence.clearHistory();
    // The same tokens the server evaluates: llama.cpp's server (and Kettle) put BOS in front.
    const promptTokens = tokenizePrompt(model, prompt);
    const started = performance.now();
    let first = 0;
    let count = 0;
    for await (const _token of sequence.evaluate(promptTokens, { temperature: 0 })) {
        count++;
        if (count === 1) first = performance.now();
        if (count >= tokens) break;
    }
    const ended = performance.now();
    return { ttftMs: first - started, decodeTokensPerSecond: ((count - 1) / (ended - first)) * 1000 };
}

/**
 * Time to first token through Kettle: a one-token request, timed on the client until its answer is
 * complete. (Timing the first streamed chunk would be unfair: a chunk is only sent once its text is
 * whole, and random-weight models often start with a partial UTF-8 byte token.)
 */
async function kettleFirstToken(url: string, prompt: string): Promise<number> {
    const started = performance.now();
    const response = await fetch(`${url}/api/generate`, {
        method: "POST",
        body: JSON.stringify({
            model: "bench",
            prompt,
            raw: true,
            keep_alive: -1,
            stream: false,
            options: { temperature: 0, num_predict: 1, num_ctx: contextSize }
        })
    });
    const body = (await response.json()) as { eval_count?: number };
    if (body.eval_count !== 1) throw new Error(`expected one token, got ${JSON.stringify(body)}`);
    return performance.now() - started;
}

async function throughKettle(url: string, prompt: string): Promise<Sample> {
    // First-token time first, on the fresh prompt; the decode run then uses a longer variant of it.
    const ttftMs = await kettleFirstToken(url, prompt);
    const response = await fetch(`${url}/api/generate`, {
        method: "POST",
        body: JSON.stringify({
            model: "bench",
            prompt,
            raw: true,
            keep_alive: -1,
            options: { temperature: 0, num_predict: tokens, num_ctx: contextSize }
        })
    });
    let first = 0;
    let count = 0;
    let buffer = "";
    let final: { eval_count?: number; eval_duration?: number } = {};
    const decoder = new TextDecoder();
    for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(bytes, { stream: true });
        let newline: number;
        while ((newline = buffer.indexOf("\n")) >= 0) {
            const chunk = JSON.parse(buffer.slice(0, newline)) as {
                response?: string;
                done?: boolean;
                eval_count?: number;
                eval_duration?: number;
            };
            buffer = buffer.slice(newline + 1);
            if (chunk.done) final = chunk;
            else if (chunk.response) {
                count++;
                if (count === 1) first = performance.now();
            }
        }
    }
    const ended = performance.now();
    if (final.eval_count !== tokens) throw new Error(`kettle generated ${final.eval_count} tokens, expected ${tokens}`);
    // Chunks can hold several tokens, so decode speed is measured on the client clock over the server's token count.
    return { ttftMs, decodeTokensPerSecond: ((tokens - 1) / (ended - first)) * 1000 };
}

async function main(): Promise<void> {
    const modelPath = benchModel();
    const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
    const model = await llama.loadModel({ modelPath, useMmap: true });
    const context = await model.createContext({ contextSize, threads, batchSize: 512 });
    const sequence = context.getSequence();

    const kettle = await startKettle({ env: { KETTLE_THREADS: String(threads), OLLAMA_CONTEXT_LENGTH: String(contextSize) } });
    try {
        const digest = `sha256:${createHash("sha256")
            .update(await readAll(modelPath))
            .digest("hex")}`;
        const size = (await stat(modelPath)).size;
        await fetch(`${kettle.url}/api/blobs/${digest}`, {
            method: "POST",
            headers: { "Content-Length": String(size) },
            body: Readable.toWeb(createReadStream(modelPath)) as ReadableStream<Uint8Array>,
            duplex: "half"
        } as RequestInit);
        await fetch(`${kettle.url}/api/create`, {
            method: "POST",
            body: JSON.stringify({ model: "bench", files: { "bench.gguf": digest }, stream: false })
        });
        // Warm both sides once (load, first-run allocations), then interleave the measured runs.
        await inProcess(model, sequence, promptOf(99));
        await throughKettle(kettle.url, promptOf(98));

        const baseline: Sample[] = [];
        const served: Sample[] = [];
        for (let i = 0; i < runs; i++) {
            baseline.push(await inProcess(model, sequence, promptOf(i)));
            served.push(await throughKettle(kettle.url, promptOf(i)));
        }
        const summary = {
            model: modelPath,
            threads,
            tokens,
            runs,
            inProcess: {
                decodeTokensPerSecond: median(baseline.map((s) => s.decodeTokensPerSecond)),
                ttftMs: median(baseline.map((s) => s.ttftMs))
            },
            kettle: {
                decodeTokensPerSecond: median(served.map((s) => s.decodeTokensPerSecond)),
                ttftMs: median(served.map((s) => s.ttftMs))
            }
        };
        const ratio = summary.kettle.decodeTokensPerSecond / summary.inProcess.decodeTokensPerSecond;
        const overheadMs = summary.kettle.ttftMs - summary.inProcess.ttftMs;
        console.log(`model ${modelPath}, ${threads} threads, ${tokens} tokens, ${runs} interleaved runs (medians)`);
        console.log(`                     decode tok/s   first token ms`);
        console.log(
            `node-llama-cpp       ${summary.inProcess.decodeTokensPerSecond.toFixed(1).padStart(12)}   ${summary.inProcess.ttftMs.toFixed(1).padStart(14)}`
        );
        console.log(
            `kettle /api/generate ${summary.kettle.decodeTokensPerSecond.toFixed(1).padStart(12)}   ${summary.kettle.ttftMs.toFixed(1).padStart(14)}`
        );
        console.log(`decode ratio ${ratio.toFixed(3)}x (target >= 0.97), first-token overhead ${overheadMs.toFixed(1)} ms (target <= 5)`);
        const dir = join(root, "bench", "results");
        mkdirSync(dir, { recursive: true });
        const file = join(dir, `generate-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
        writeFileSync(
            file,
            JSON.stringify({ ...summary, decodeRatio: ratio, firstTokenOverheadMs: overheadMs, samples: { baseline, served } }, null, 2)
        );
        console.log(`results: ${file}`);
    } finally {
        await kettle.stop();
        await context.dispose();
        await model.dispose();
    }
}

async function readAll(path: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of createReadStream(path)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
}

await main();
