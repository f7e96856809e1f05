/**
 * @module llamaServerContender
 * llama.cpp's own `llama-server` (LLAMA_SERVER=/path/to/llama-server), on the same model, threads
 * and slots, over its native `/completion` and `/embedding` endpoints. Build it from the llama.cpp
 * release node-llama-cpp bundles (see bench/README.md) so both run the same llama.cpp.
 */
import type { Contender, ContenderSettings } from "./Contender.js";
import { startLlamaServer, type LlamaServer } from "./startLlamaServer.js";
import { aggregateRate, decodeRate } from "./streamRates.js";

export async function llamaServerContender(binary: string, settings: ContenderSettings): Promise<Contender> {
    const start = (model: string, extra: string[], slots: number): Promise<LlamaServer> =>
        startLlamaServer(binary, model, [
            "-t",
            String(settings.threads),
            "-c",
            String(settings.contextSize * slots),
            "-np",
            String(slots),
            ...extra
        ]);
    const stop = (server: LlamaServer) => server.stop();
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
