/**
 * @module prefixScenario
 * Shared prompt prefixes (`--scenarios prefix`), the common case of a batch job: 64 requests
 * sharing a 512-token system prompt, each with its own 16-token question and 32 greedy tokens to
 * generate, sent 8 at a time to 8 slots. Total wall time for Kettle (prefixes shared across its
 * slots), Kettle with `KETTLE_SHARE_PREFIXES=false` (each slot still keeps its own last prompt, as
 * Ollama does), and llama-server `-np 8` with its prompt cache on (`cache_prompt`). Every run uses
 * a system prompt of its own, so no contender starts a run with it cached; contenders alternate.
 */
import { getLlama, LlamaLogLevel } from "node-llama-cpp";
import { startKettle, type Kettle } from "../testing/startKettle.js";
import { importModel } from "./contenders/kettleContender.js";
import { startLlamaServer, type LlamaServer } from "./contenders/startLlamaServer.js";
import { median } from "./stats.js";

export type PrefixShape = { requests: number; concurrency: number; systemTokens: number; questionTokens: number; tokens: number };

export const prefixShape: PrefixShape = { requests: 64, concurrency: 8, systemTokens: 512, questionTokens: 16, tokens: 32 };
/** On the tiny smoke model (512-token contexts). */
export const smokePrefixShape: PrefixShape = { requests: 8, concurrency: 4, systemTokens: 128, questionTokens: 16, tokens: 8 };

export type PrefixRow = {
    contender: string;
    /** Median wall time of all requests, ms. */
    totalMs: number;
    /** Median over runs of the summed server-reported prompt time, ms. */
    promptMs: number;
    samples: number[];
};

export type PrefixResult = PrefixShape & { runs: number; rows: PrefixRow[] };

type Client = { name: string; send(prompt: string, tokens: number): Promise<{ promptMs: number }>; close(): Promise<void> };

export async function runPrefixScenario(options: {
    model: string;
    threads: number;
    contextSize: number;
    runs: number;
    llamaServer?: string | undefined;
    shape: PrefixShape;
}): Promise<PrefixResult> {
    const { shape } = options;
    const texts = await promptTexts(options.model, shape, options.runs);
    const clients: Client[] = [];
    try {
        clients.push(await kettleClient("kettle", options, {}));
        clients.push(await kettleClient("kettle, sharing off", options, { KETTLE_SHARE_PREFIXES: "false" }));
        if (options.llamaServer) clients.push(await llamaServerClient(options.llamaServer, options));
        const samples = new Map<string, { total: number[]; prompt: number[] }>(clients.map((c) => [c.name, { total: [], prompt: [] }]));
        // A short request per contender loads its model first (not counted).
        for (const client of clients) await client.send("Warm up.", 1);
        for (let run = 0; run < options.runs; run++) {
            process.stderr.write(`prefix: run ${run + 1} of ${options.runs} …\n`);
            for (const client of clients) {
                const { totalMs, promptMs } = await burst(client, texts[run]!, shape);
                samples.get(client.name)!.total.push(totalMs);
                samples.get(client.name)!.prompt.push(promptMs);
            }
        }
        const rows = clients.map((c) => {
            const s = samples.get(c.name)!;
            return { contender: c.name, totalMs: median(s.total), promptMs: median(s.prompt), samples: s.total };
        });
        return { ...shape, runs: options.runs, rows };
    } finally {
        for (const client of clients) await client.close();
    }
}

export function formatPrefixReport(result: PrefixResult): string {
    const kettle = result.rows[0]!;
    const lines = [
        `prefix: ${result.requests} requests, a ${result.systemTokens}-token shared system prompt + ${result.questionTokens}-token questions, ` +
            `${result.tokens} tokens each, ${result.concurrency} at a time on ${result.concurrency} slots (medians of ${result.runs})`
    ];
    for (const row of result.rows) {
        const speedup = row === kettle ? "" : `, kettle ${(row.totalMs / kettle.totalMs).toFixed(2)}x faster`;
        lines.push(
            `  ${row.contender.padEnd(22)} total ${(row.totalMs / 1000).toFixed(2)} s, prompt time ${(row.promptMs / 1000).toFixed(2)} s${speedup}`
        );
    }
    return `${lines.join("\n")}\n`;
}

/** Sends the run's requests, `concurrency` clients each taking the next; returns the wall time and summed prompt time. */
async function burst(client: Client, prompts: string[], shape: PrefixShape): Promise<{ totalMs: number; promptMs: number }> {
    let next = 0;
    let promptMs = 0;
    const started = performance.now();
    await Promise.all(
        Array.from({ length: shape.concurrency }, async () => {
            while (next < prompts.length) {
                const prompt = prompts[next++]!;
                promptMs += (await client.send(prompt, shape.tokens)).promptMs;
            }
        })
    );
    return { totalMs: performance.now() - started, promptMs };
}

/** Per run, `requests` prompts: the run's system prompt (exactly `systemTokens` tokens) + a question. */
async function promptTexts(modelPath: string, shape: PrefixShape, runs: number): Promise<string[][]> {
    const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
    const model = await llama.loadModel({ modelPath, vocabOnly: true });
    const cut = (text: string, count: number) => model.detokenize(model.tokenize(text).slice(0, count));
    const sentence = (i: number) =>
        `Rule ${i}: when a customer writes about order ${1000 + i * 7}, answer politely, name the product, and keep the reply short. `;
    const filler = (seed: number, count: number) => Array.from({ length: count }, (_, i) => sentence(seed * 100 + i)).join("");
    try {
        return Array.from({ length: runs }, (_, run) => {
            const system = cut(`Run ${run}. You are a support assistant. ${filler(run, 60)}`, shape.systemTokens);
            return Array.from(
                { length: shape.requests },
                (_, i) =>
                    `${system}\nQuestion: ${cut(`ticket ${run * 1000 + i} asks where parcel ${i * 13} went and when it arrives`, shape.questionTokens)}\nAnswer:`
            );
        });
    } finally {
        await model.dispose();
    }
}

async function kettleClient(
    name: string,
    options: { model: string; threads: number; contextSize: number; shape: PrefixShape },
    env: Record<string, string>
): Promise<Client> {
    const kettle: Kettle = await startKettle({
        env: {
            KETTLE_THREADS: String(options.threads),
            OLLAMA_CONTEXT_LENGTH: String(options.contextSize),
            OLLAMA_NUM_PARALLEL: String(options.shape.concurrency),
            ...env
        }
    });
    await importModel(kettle.url, "bench", options.model);
    return {
        name,
        async send(prompt, tokens) {
            const response = await fetch(`${kettle.url}/api/generate`, {
                method: "POST",
                body: JSON.stringify({
                    model: "bench",
                    prompt,
                    raw: true,
                    stream: false,
                    keep_alive: -1,
                    options: { temperature: 0, num_predict: tokens, num_ctx: options.contextSize }
                })
            });
            const body = (await response.json()) as { prompt_eval_duration?: number; error?: string };
            if (response.status !== 200) throw new Error(`${name}: ${body.error ?? response.status}`);
            return { promptMs: (body.prompt_eval_duration ?? 0) / 1e6 };
        },
        close: () => kettle.stop()
    };
}

async function llamaServerClient(
    binary: string,
    options: { model: string; threads: number; contextSize: number; shape: PrefixShape }
): Promise<Client> {
    const slots = options.shape.concurrency;
    const server: LlamaServer = await startLlamaServer(binary, options.model, [
        "-t",
        String(options.threads),
        "-c",
        String(options.contextSize * slots),
        "-np",
        String(slots)
    ]);
    return {
        name: `llama-server -np ${slots}`,
        async send(prompt, tokens) {
            const response = await fetch(`${server.url}/completion`, {
                method: "POST",
                body: JSON.stringify({ prompt, n_predict: tokens, temperature: 0, cache_prompt: true })
            });
            const body = (await response.json()) as { timings?: { prompt_ms?: number } };
            if (response.status !== 200) throw new Error(`llama-server: ${JSON.stringify(body)}`);
            return { promptMs: body.timings?.prompt_ms ?? 0 };
        },
        close: () => server.stop()
    };
}
