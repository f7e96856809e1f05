/**
 * Graceful shutdown of a real `kettle serve` with real streams in flight: SIGTERM refuses new
 * connections, lets a stream that ends in time finish, ends one that does not with its API's last
 * error event once `server.shutdown_timeout` has passed, and exits 0; a second signal exits at once.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { startKettle, type Kettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";

/** Starts a streaming generation and resolves once its first chunk has come; `rest` reads the remainder. */
async function streaming(kettle: Kettle, path: string, body: unknown): Promise<{ first: string; rest: Promise<string> }> {
    const response = await fetch(`${kettle.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body)
    });
    assert.equal(response.status, 200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const first = decoder.decode((await reader.read()).value);
    const rest = (async () => {
        let text = "";
        for (;;) {
            const { value, done } = await reader.read();
            if (done) return text;
            text += decoder.decode(value, { stream: true });
        }
    })();
    return { first, rest };
}

const exitOf = (kettle: Kettle) =>
    kettle.process.exitCode !== null
        ? Promise.resolve(kettle.process.exitCode)
        : once(kettle.process, "exit").then(([code]) => code as number | null);

describe("graceful shutdown", () => {
    test("a stream that ends in time finishes; one that does not ends with its last error event; new connections are refused; exit 0", async () => {
        const kettle = await startKettle({ config: '[server]\nshutdown_timeout = "1500ms"\n[scheduler]\nnum_parallel = 3\n' });
        await kettle.createModel("chat", testModels.chatml);
        const short = await streaming(kettle, "/api/generate", { model: "chat", prompt: "Once upon a time", options: { num_predict: 30 } });
        const long = await streaming(kettle, "/api/chat", {
            model: "chat",
            messages: [{ role: "user", content: "Tell me a very long story" }],
            options: { num_predict: 1_000_000 }
        });
        const openai = await streaming(kettle, "/v1/chat/completions", {
            model: "chat",
            stream: true,
            max_tokens: 1_000_000,
            messages: [{ role: "user", content: "Tell me a very long story" }]
        });
        const exited = exitOf(kettle);
        const started = Date.now();
        kettle.process.kill("SIGTERM");
        await new Promise((resolve) => setTimeout(resolve, 200));
        await assert.rejects(fetch(`${kettle.url}/api/version`), "new connections are refused while shutting down");

        const shortLines = (short.first + (await short.rest)).trim().split("\n");
        assert.equal((JSON.parse(shortLines.at(-1)!) as { done: boolean }).done, true, "the short stream finished normally");

        const longLines = (long.first + (await long.rest)).trim().split("\n");
        assert.deepEqual(JSON.parse(longLines.at(-1)!), { error: "the server is shutting down" });
        const events = (openai.first + (await openai.rest)).trim().split("\n\n");
        const last = JSON.parse(events.at(-1)!.replace(/^data: /, "")) as { error: { message: string; type: string } };
        assert.equal(last.error.message, "the server is shutting down");
        assert.ok(Date.now() - started >= 1400, "the long streams had the shutdown timeout to finish");

        assert.equal(await exited, 0);
        assert.match(kettle.logs(), /shutting down/);
    });

    test("a second signal exits at once", async () => {
        const kettle = await startKettle({ config: '[server]\nshutdown_timeout = "60s"\n' });
        await kettle.createModel("chat", testModels.chatml);
        const long = await streaming(kettle, "/api/generate", {
            model: "chat",
            prompt: "Once upon a time",
            options: { num_predict: 1_000_000 }
        });
        // Cut off by the exit: its end is an error, read so that it is not left unhandled.
        const rest = long.rest.catch(() => "");
        const exited = exitOf(kettle);
        kettle.process.kill("SIGTERM");
        await new Promise((resolve) => setTimeout(resolve, 300));
        const started = Date.now();
        kettle.process.kill("SIGTERM");
        const code = await exited;
        assert.ok(Date.now() - started < 5000, "exited without waiting for the 60 s");
        assert.equal(code, 1);
        await rest;
        assert.match(kettle.logs(), /exiting now/);
    });
});
