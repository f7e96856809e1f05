/**
 * @module kettleContender
 * Kettle over HTTP: a real `kettle serve` process with as many slots as the widest scenario needs,
 * driven with fetch. Decode speed is timed on the client clock between the first and the last
 * streamed chunk; first-token time is a one-token request timed to its complete answer (a chunk is
 * sent only once its text is whole, so the first chunk can lag the first token). Queue waits are
 * the server's own (`GET /api/stats`).
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { startKettle, type Kettle } from "../../testing/startKettle.js";
import type { Contender, ContenderSettings } from "./Contender.js";
import { aggregateRate, decodeRate } from "./streamRates.js";

export async function kettleContender(settings: ContenderSettings): Promise<Contender & { kettle: Kettle }> {
    const kettle = await startKettle({
        env: {
            KETTLE_THREADS: String(settings.threads),
            OLLAMA_CONTEXT_LENGTH: String(settings.contextSize),
            OLLAMA_NUM_PARALLEL: String(settings.slots)
        }
    });
    await importModel(kettle.url, "bench", settings.completionModel);
    const options = (tokens: number) => ({ temperature: 0, num_predict: tokens, num_ctx: settings.contextSize });

    async function stream(prompt: string, tokens: number) {
        const started = performance.now();
        const response = await fetch(`${kettle.url}/api/generate`, {
            method: "POST",
            body: JSON.stringify({ model: "bench", prompt, raw: true, keep_alive: -1, options: options(tokens) })
        });
        let first = 0;
        let evalCount = 0;
        let buffer = "";
        const decoder = new TextDecoder();
        for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
            buffer += decoder.decode(bytes, { stream: true });
            let newline: number;
            while ((newline = buffer.indexOf("\n")) >= 0) {
                const chunk = JSON.parse(buffer.slice(0, newline)) as { done?: boolean; eval_count?: number; error?: string };
                buffer = buffer.slice(newline + 1);
                if (chunk.error) throw new Error(chunk.error);
                if (chunk.done) evalCount = chunk.eval_count ?? 0;
                else if (first === 0) first = performance.now();
            }
        }
        return { started, first, ended: performance.now(), count: evalCount };
    }

    async function firstToken(prompt: string): Promise<number> {
        const started = performance.now();
        const response = await fetch(`${kettle.url}/api/generate`, {
            method: "POST",
            body: JSON.stringify({ model: "bench", prompt, raw: true, keep_alive: -1, stream: false, options: options(1) })
        });
        await response.json();
        return performance.now() - started;
    }

    let lastSeq = 0;
    async function queueWaits(): Promise<number[]> {
        const { queue } = (await (await fetch(`${kettle.url}/api/stats`)).json()) as {
            queue: { recent: { seq: number; wait_ms: number }[] };
        };
        const fresh = queue.recent.filter((entry) => entry.seq > lastSeq);
        lastSeq = queue.recent.at(-1)?.seq ?? lastSeq;
        return fresh.map((entry) => entry.wait_ms);
    }

    return {
        name: "kettle /api/generate",
        kettle,
        queueWaits,
        async decode(prompt, tokens) {
            return decodeRate(await stream(prompt, tokens));
        },
        firstToken,
        async concurrent(prompts, tokens) {
            return aggregateRate(prompts, (prompt) => stream(prompt, tokens));
        },
        stream,
        async coldStart(prompt) {
            await fetch(`${kettle.url}/api/generate`, { method: "POST", body: JSON.stringify({ model: "bench", keep_alive: 0 }) });
            return firstToken(prompt);
        },
        close: () => kettle.stop()
    };
}

export async function importModel(url: string, name: string, path: string): Promise<void> {
    const hash = createHash("sha256");
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    const digest = `sha256:${hash.digest("hex")}`;
    await fetch(`${url}/api/blobs/${digest}`, {
        method: "POST",
        headers: { "Content-Length": String((await stat(path)).size) },
        body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
        duplex: "half"
    } as RequestInit);
    const created = await fetch(`${url}/api/create`, {
        method: "POST",
        body: JSON.stringify({ model: name, files: { "model.gguf": digest }, stream: false })
    });
    if (created.status !== 200) throw new Error(`create ${name}: ${await created.text()}`);
}
