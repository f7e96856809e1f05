/**
 * @module run
 * `kettle run MODEL [PROMPT]`: answers a prompt (from the arguments and/or piped stdin) and exits,
 * or opens Ollama's interactive REPL. With no server running it starts one inside this process for
 * the session and says so, so a new user's first `kettle run` just works.
 */
import type { Config } from "../../config/Config.js";
import type { ShowResponse } from "../../runtime/ollama/types.js";
import { connectServer, readCliConfig } from "../client/openClient.js";
import type { GenerationChunk, ServingClient } from "../client/KettleClient.js";
import { formatGoDuration } from "../format/formatGoDuration.js";
import { freePort } from "../freePort.js";
import { showOrPull } from "./showOrPull.js";
import { runRepl } from "./runRepl.js";

export type RunOptions = {
    keepalive?: string;
    verbose?: boolean;
    format?: string;
    temperature?: number;
    topP?: number;
    topK?: number;
    minP?: number;
    repeatPenalty?: number;
    seed?: number;
    numCtx?: number;
    numPredict?: number;
    insecure?: boolean;
};

export async function run(model: string, promptWords: string[], options: RunOptions, configFile?: string): Promise<void> {
    const config = readCliConfig(configFile);
    const { client, close } = await serverForSession(config);
    try {
        const info = await showOrPull(client, model, options.insecure === true);
        const base = requestBase(model, options);
        let prompt = promptWords.join(" ");
        if (!process.stdin.isTTY) {
            const piped = await readStdin();
            prompt = prompt ? `${piped} ${prompt}` : piped;
        }
        if (info.capabilities.includes("embedding")) {
            const { embeddings } = await client.embed({
                model,
                input: prompt,
                ...(base.keep_alive !== undefined ? { keep_alive: base.keep_alive } : {})
            });
            process.stdout.write(JSON.stringify(embeddings[0] ?? []) + "\n");
            return;
        }
        if (prompt || !process.stdin.isTTY) {
            const final = await printStream(client.generate({ ...base, prompt }), (chunk) => chunk.response ?? "");
            process.stdout.write("\n");
            if (options.verbose && final) printStats(final);
            return;
        }
        // Load before the first prompt, as Ollama does, so the REPL answers quickly.
        for await (const _ of client.generate({ model, ...(base.keep_alive !== undefined ? { keep_alive: base.keep_alive } : {}) })) {
            // one "load" answer
        }
        await runRepl(client, info as ShowResponse, base, { verbose: options.verbose === true, printStream, printStats });
    } finally {
        await close();
    }
}

/** The model, options, format and keep_alive every request of this session carries. */
function requestBase(
    model: string,
    options: RunOptions
): { model: string; options: Record<string, unknown>; format?: string; keep_alive?: string } {
    const mapped: Record<string, unknown> = {
        temperature: options.temperature,
        top_p: options.topP,
        top_k: options.topK,
        min_p: options.minP,
        repeat_penalty: options.repeatPenalty,
        seed: options.seed,
        num_ctx: options.numCtx,
        num_predict: options.numPredict
    };
    for (const key of Object.keys(mapped)) if (mapped[key] === undefined) delete mapped[key];
    return {
        model,
        options: mapped,
        ...(options.format ? { format: options.format } : {}),
        ...(options.keepalive ? { keep_alive: options.keepalive } : {})
    };
}

/** Writes a streamed answer as it arrives; returns the final chunk with the timings. */
export async function printStream(
    stream: AsyncIterable<GenerationChunk>,
    text: (chunk: GenerationChunk) => string
): Promise<GenerationChunk | undefined> {
    let final: GenerationChunk | undefined;
    for await (const chunk of stream) {
        const piece = text(chunk);
        if (piece) process.stdout.write(piece);
        if (chunk.done) final = chunk;
    }
    return final;
}

/** Ollama's `--verbose` statistics, on stderr. */
export function printStats(final: GenerationChunk): void {
    const rate = (count = 0, ns = 0) => (ns > 0 ? ((count / ns) * 1e9).toFixed(2) : "0.00");
    const lines = [
        `total duration:       ${formatGoDuration(final.total_duration ?? 0)}`,
        `load duration:        ${formatGoDuration(final.load_duration ?? 0)}`,
        `prompt eval count:    ${final.prompt_eval_count ?? 0} token(s)`,
        `prompt eval duration: ${formatGoDuration(final.prompt_eval_duration ?? 0)}`,
        `prompt eval rate:     ${rate(final.prompt_eval_count, final.prompt_eval_duration)} tokens/s`,
        `eval count:           ${final.eval_count ?? 0} token(s)`,
        `eval duration:        ${formatGoDuration(final.eval_duration ?? 0)}`,
        `eval rate:            ${rate(final.eval_count, final.eval_duration)} tokens/s`
    ];
    process.stderr.write(lines.join("\n") + "\n");
}

/** The running server, or one started in this process for the session when none answers. */
async function serverForSession(config: Config): Promise<{ client: ServingClient; close: () => Promise<void> }> {
    const running = await connectServer(config);
    if (running) return { client: running, close: async () => {} };
    const { startServer } = await import("../../server/startServer.js");
    const { HttpClient } = await import("../client/HttpClient.js");
    const port = await freePort();
    process.stderr.write(
        `kettle: no server at ${config.server.host}:${config.server.port}; running one for this session. ` +
            "Start `kettle serve` in another terminal to keep models warm between runs.\n"
    );
    const server = await startServer({ ...config, server: { ...config.server, host: "127.0.0.1", port } });
    return { client: new HttpClient(server.url), close: () => server.close() };
}

async function readStdin(): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8").trim();
}
