/**
 * @module llamaServerContender
 * llama.cpp's own `llama-server` (LLAMA_SERVER=/path/to/llama-server), on the same model, threads
 * and slots, over its native `/completion` and `/embedding` endpoints. Build it from the llama.cpp
 * release node-llama-cpp bundles (see bench/README.md) so both run the same llama.cpp.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "../../cli/freePort.js";
import type { Contender, ContenderSettings } from "./Contender.js";
import { aggregateRate, decodeRate } from "./streamRates.js";

type Server = { url: string; process: ChildProcess };

export async function llamaServerContender(binary: string, settings: ContenderSettings): Promise<Contender> {
    const start = async (model: string, extra: string[], slots: number): Promise<Server> => {
        const port = await freePort();
        const args = [
            "-m",
            model,
            "-t",
            String(settings.threads),
            "-c",
            String(settings.contextSize * slots),
            "-np",
            String(slots),
            "--host",
            "127.0.0.1",
            "--port",
            String(port),
            ...extra
        ];
        const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
        let log = "";
        child.stderr!.on("data", (text: Buffer) => (log = (log + text.toString()).slice(-4000)));
        const url = `http://127.0.0.1:${port}`;
        for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
            if (child.exitCode !== null) throw new Error(`llama-server exited: ${log}`);
            const ok = await fetch(`${url}/health`).then(
                (r) => r.status === 200,
                () => false
            );
            if (ok) return { url, process: child };
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        child.kill("SIGKILL");
        throw new Error(`llama-server did not start: ${log}`);
    };
    const stop = async (server: Server) => {
        const exited = new Promise((resolve) => server.process.once("exit", resolve));
        server.process.kill("SIGTERM");
        await exited;
    };
    let completion = await start(settings.completionModel, [], settings.slots);

    async function stream(prompt: string, tokens: number) {
        const started = performance.now();
        const response = await fetch(`${completion.url}/completion`, {
            method: "POST",
            body: JSON.stringify({ prompt, n_predict: tokens, temperature: 0, stream: true, cache_prompt: false })
        });
        let first = 0;
        let count = 0;
        let buffer = "";
        const decoder = new TextDecoder();
        for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
            buffer += decoder.decode(bytes, { stream: true });
            let newline: number;
            while ((newline = buffer.indexOf("\n")) >= 0) {
                const line = buffer.slice(0, newline).trim();
                buffer = buffer.slice(newline + 1);
                if (!line.startsWith("data: ")) continue;
                const event = JSON.parse(line.slice(6)) as { stop?: boolean; timings?: { predicted_n?: number } };
                if (event.stop) count = event.timings?.predicted_n ?? count;
                else if (first === 0) first = performance.now();
            }
        }
        return { started, first, ended: performance.now(), count };
    }

    async function firstToken(prompt: string): Promise<number> {
        const started = performance.now();
        const response = await fetch(`${completion.url}/completion`, {
            method: "POST",
            body: JSON.stringify({ prompt, n_predict: 1, temperature: 0, cache_prompt: false })
        });
        await response.json();
        return performance.now() - started;
    }

    return {
        name: "llama-server",
        async decode(prompt, tokens) {
            return decodeRate(await stream(prompt, tokens));
        },
        firstToken,
        async concurrent(prompts, tokens) {
            return aggregateRate(prompts, (prompt) => stream(prompt, tokens));
        },
        stream,
        async embed(texts, batch) {
            const server = await start(
                settings.embeddingModel,
                ["--embedding", "--pooling", "mean", "-ub", String(settings.contextSize), "-b", String(settings.contextSize)],
                1
            );
            try {
                const started = performance.now();
                for (let i = 0; i < texts.length; i += batch) {
                    const response = await fetch(`${server.url}/embedding`, {
                        method: "POST",
                        body: JSON.stringify({ content: texts.slice(i, i + batch) })
                    });
                    await response.json();
                }
                return (texts.length / (performance.now() - started)) * 1000;
            } finally {
                await stop(server);
            }
        },
        async coldStart(prompt) {
            await stop(completion);
            const started = performance.now();
            completion = await start(settings.completionModel, [], settings.slots);
            await firstToken(prompt);
            return performance.now() - started;
        },
        close: () => stop(completion)
    };
}
