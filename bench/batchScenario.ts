/**
 * @module batchScenario
 * Batch jobs (`--scenarios batch`): N lines (256; `--batch-lines`) of `tokens` greedy tokens each
 * on one model with 8 slots, as a Kettle batch (`/api/generate` lines, raw prompts: the benchmark
 * model has no chat template) against the same prompts sent to llama-server `-np 8` by a client
 * keeping 8 requests in flight (with `ignore_eos`, so its lines are as long as Kettle's, which
 * rarely meet an end of text on the random weights). Lines per second, and tokens per second. Then
 * Kettle's interactive first-token time while a batch runs, against idle: streaming requests of
 * {@link interactiveTokens} tokens, one at a time with a pause of 0.3 to 1.3 s (seeded) before each,
 * each timed to its first token. A user's request comes at any moment of the batch's steps;
 * requests as long as the lines and sent back to back would instead start in step with the lines'
 * waves (lines of equal length end together), which measures one moment of the batch only.
 */
import { startKettle, type Kettle } from "../testing/startKettle.js";
import { importModel } from "./contenders/kettleContender.js";
import { startLlamaServer } from "./contenders/startLlamaServer.js";
import { median } from "./stats.js";

export type BatchShape = { lines: number; tokens: number; slots: number; interactiveRequests: number };

export const batchShape: BatchShape = { lines: 256, tokens: 128, slots: 8, interactiveRequests: 10 };
export const smokeBatchShape: BatchShape = { lines: 8, tokens: 8, slots: 2, interactiveRequests: 2 };

/** Tokens each interactive request generates: enough to see a first token come, short enough not to hold a sequence long. */
const interactiveTokens = 16;

export type BatchRow = { contender: string; seconds: number; linesPerSecond: number; tokensPerSecond: number };

export type BatchResult = BatchShape & {
    rows: BatchRow[];
    /** Kettle's interactive first-token times, ms: p50 idle, p50 while a batch runs, and their ratio. */
    interactive: { idleP50Ms: number; duringP50Ms: number; ratio: number; idle: number[]; during: number[] };
};

const words = ["Once", "Twice", "Long", "Far", "Deep", "High", "Cold", "Warm", "Dark", "Bright", "Quiet", "Loud"];
const promptOf = (i: number) =>
    `${words[i % words.length]} ${i}: upon a time, in a land far away, there lived a small fox who loved the tall grass`;

export async function runBatchScenario(options: {
    model: string;
    threads: number;
    contextSize: number;
    shape: BatchShape;
    llamaServer?: string | undefined;
}): Promise<BatchResult> {
    const { shape } = options;
    const rows: BatchRow[] = [];
    const kettle: Kettle = await startKettle({
        env: {
            KETTLE_THREADS: String(options.threads),
            OLLAMA_CONTEXT_LENGTH: String(options.contextSize),
            OLLAMA_NUM_PARALLEL: String(shape.slots)
        }
    });
    let interactive: BatchResult["interactive"];
    try {
        await importModel(kettle.url, "bench", options.model);
        // Loaded without generating: a batch after interactive traffic cuts its prompts into small steps, one alone does not.
        await fetch(`${kettle.url}/api/generate`, { method: "POST", body: JSON.stringify({ model: "bench", keep_alive: -1 }) });
        process.stderr.write(`batch: kettle, ${shape.lines} lines …\n`);
        const run = await kettleBatch(kettle.url, shape, 0);
        rows.push({ contender: "kettle batch", ...rates(shape.lines, run.tokens, run.seconds) });

        // The same lines as requests from a client keeping one per slot in flight: what the batch runner adds or saves.
        process.stderr.write(`batch: kettle, the same lines as ${shape.slots} requests in flight …\n`);
        const direct = await inFlight(shape, (i) => generate(kettle.url, promptOf(200_000 + i), shape.tokens));
        rows.push({ contender: `kettle, ${shape.slots} requests in flight`, ...direct });

        process.stderr.write("batch: interactive first tokens, idle and during a batch …\n");
        const pause = seededPauses(7);
        const idle: number[] = [];
        for (let i = 0; i < shape.interactiveRequests; i++) {
            await pause();
            idle.push(await firstTokenMs(kettle.url, `Question ${i}: where did the fox go`, interactiveTokens));
        }
        const during: number[] = [];
        const background = kettleBatch(kettle.url, shape, 1, async () => {
            for (let i = 0; i < shape.interactiveRequests; i++) {
                await pause();
                during.push(await firstTokenMs(kettle.url, `Question ${i}: where did the fox go`, interactiveTokens));
            }
        });
        await background;
        interactive = { idleP50Ms: median(idle), duringP50Ms: median(during), ratio: median(during) / median(idle), idle, during };
    } finally {
        await kettle.stop();
    }

    if (options.llamaServer) {
        process.stderr.write(`batch: llama-server -np ${shape.slots}, ${shape.lines} requests, ${shape.slots} in flight …\n`);
        const server = await startLlamaServer(options.llamaServer, options.model, [
            "-t",
            String(options.threads),
            "-c",
            String(options.contextSize * shape.slots),
            "-np",
            String(shape.slots)
        ]);
        try {
            const send = async (prompt: string, tokens: number) => {
                const response = await fetch(`${server.url}/completion`, {
                    method: "POST",
                    // Every line generates its tokens (random weights end early at different places in each engine).
                    body: JSON.stringify({ prompt, n_predict: tokens, temperature: 0, cache_prompt: true, ignore_eos: true })
                });
                const body = (await response.json()) as { timings?: { predicted_n?: number } };
                if (response.status !== 200) throw new Error(`llama-server: ${JSON.stringify(body)}`);
                return body.timings?.predicted_n ?? 0;
            };
            await send("Warm up.", 1);
            const measured = await inFlight(shape, (i) => send(promptOf(i), shape.tokens));
            rows.push({ contender: `llama-server -np ${shape.slots}, ${shape.slots} in flight`, ...measured });
        } finally {
            await server.stop();
        }
    }
    return { ...shape, rows, interactive };
}

/** The lines sent by a client keeping one request per slot in flight; `send` answers the tokens generated. */
async function inFlight(shape: BatchShape, send: (line: number) => Promise<number>): Promise<Omit<BatchRow, "contender">> {
    let next = 0;
    let tokens = 0;
    const started = performance.now();
    await Promise.all(
        Array.from({ length: shape.slots }, async () => {
            while (next < shape.lines) {
                // Not `tokens += await …`: that reads `tokens` before the await and loses the other clients' counts.
                const generated = await send(next++);
                tokens += generated;
            }
        })
    );
    return rates(shape.lines, tokens, (performance.now() - started) / 1000);
}

/** One `/api/generate` without streaming, as a batch line runs it; answers its eval_count. */
async function generate(url: string, prompt: string, tokens: number): Promise<number> {
    const response = await fetch(`${url}/api/generate`, {
        method: "POST",
        body: JSON.stringify({
            model: "bench",
            prompt,
            raw: true,
            stream: false,
            keep_alive: -1,
            options: { temperature: 0, num_predict: tokens }
        })
    });
    const body = (await response.json()) as { eval_count?: number; error?: string };
    if (response.status !== 200) throw new Error(`kettle: ${body.error ?? response.status}`);
    return body.eval_count ?? 0;
}

function rates(lines: number, tokens: number, seconds: number): Omit<BatchRow, "contender"> {
    return { seconds, linesPerSecond: lines / seconds, tokensPerSecond: tokens / seconds };
}

/**
 * Uploads the lines, creates the batch and waits for it to complete; `whileRunning` runs once the
 * batch's lines are under way. Answers the wall time from create to completed and the tokens generated.
 */
async function kettleBatch(
    url: string,
    shape: BatchShape,
    seed: number,
    whileRunning?: () => Promise<void>
): Promise<{ seconds: number; tokens: number }> {
    const lines = Array.from({ length: shape.lines }, (_, i) =>
        JSON.stringify({
            custom_id: `line-${i}`,
            method: "POST",
            url: "/api/generate",
            body: {
                model: "bench",
                prompt: promptOf(seed * 100_000 + i),
                raw: true,
                keep_alive: -1,
                options: { temperature: 0, num_predict: shape.tokens }
            }
        })
    );
    const form = new FormData();
    form.set("purpose", "batch");
    form.set("file", new Blob([lines.join("\n") + "\n"]), "bench.jsonl");
    const file = (await (await fetch(`${url}/v1/files`, { method: "POST", body: form })).json()) as { id: string };
    const started = performance.now();
    const created = await fetch(`${url}/v1/batches`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ input_file_id: file.id, endpoint: "/api/generate", completion_window: "24h" })
    });
    const { id } = (await created.json()) as { id: string };
    let side: Promise<void> | undefined;
    for (;;) {
        const batch = (await (await fetch(`${url}/v1/batches/${id}`)).json()) as {
            status: string;
            request_counts: { completed: number; failed: number };
            usage: { output_tokens: number };
        };
        if (batch.status === "completed") {
            await side;
            if (batch.request_counts.failed > 0) throw new Error(`kettle batch: ${batch.request_counts.failed} lines failed`);
            return { seconds: (performance.now() - started) / 1000, tokens: batch.usage.output_tokens };
        }
        if (["failed", "cancelled", "expired"].includes(batch.status)) throw new Error(`kettle batch ended ${batch.status}`);
        if (whileRunning && !side && batch.request_counts.completed >= shape.slots) side = whileRunning();
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

/** Waits of 0.3 to 1.3 s, the same sequence every run (xorshift from `seed`). */
function seededPauses(seed: number): () => Promise<void> {
    let state = seed;
    return () => {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        const fraction = (state >>> 0) / 4294967296;
        return new Promise((resolve) => setTimeout(resolve, 300 + 1000 * fraction));
    };
}

/** One streaming `/api/generate`, timed from sending to its first token. */
async function firstTokenMs(url: string, prompt: string, tokens: number): Promise<number> {
    const started = performance.now();
    const response = await fetch(`${url}/api/generate`, {
        method: "POST",
        body: JSON.stringify({ model: "bench", prompt, raw: true, keep_alive: -1, options: { temperature: 0, num_predict: tokens } })
    });
    const reader = response.body!.getReader();
    let first: number | undefined;
    const decoder = new TextDecoder();
    for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (first === undefined && /"response":"[^"]/.test(decoder.decode(value))) first = performance.now() - started;
    }
    return first ?? performance.now() - started;
}

export function formatBatchReport(result: BatchResult): string {
    const lines = [`batch: ${result.lines} lines of ${result.tokens} tokens, one model, ${result.slots} slots`];
    const kettle = result.rows[0]!;
    for (const row of result.rows) {
        const target = row.contender.startsWith("llama-server") ? " (target >= 1.0x)" : "";
        const ratio = row === kettle ? "" : `, kettle batch ${(kettle.linesPerSecond / row.linesPerSecond).toFixed(2)}x${target}`;
        lines.push(
            `  ${row.contender.padEnd(40)} ${row.seconds.toFixed(1)} s, ${row.linesPerSecond.toFixed(2)} lines/s, ${row.tokensPerSecond.toFixed(1)} tok/s${ratio}`
        );
    }
    const i = result.interactive;
    lines.push(
        `  interactive first token, kettle: idle p50 ${i.idleP50Ms.toFixed(0)} ms, during a batch p50 ${i.duringP50Ms.toFixed(0)} ms: ${i.ratio.toFixed(2)}x (target <= 1.5x)`
    );
    return `${lines.join("\n")}\n`;
}
