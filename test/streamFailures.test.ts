/**
 * A stream that fails after it began ends with its API family's own last error, whatever the
 * family: the lane running the generation is killed midway, and the client reads Ollama's final
 * `{"error"}` line, OpenAI's `data: {"error": {...}}` event (which openai-node throws as an
 * APIError), the Responses API's `response.failed` or Anthropic's `event: error`; the lane restarts and serves again.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import OpenAI from "openai";
import { killLaneMidway } from "../testing/killLaneMidway.js";
import { lanePids } from "../testing/lanePids.js";
import { startKettle, type Kettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";

describe("streams that fail midway", () => {
    let kettle: Kettle;

    before(async () => {
        kettle = await startKettle();
        await kettle.createModel("chat", testModels.chatml);
    });
    after(async () => {
        await kettle?.stop();
    });

    const killLane = (response: Response) => killLaneMidway(kettle.process.pid!, response);

    const post = (path: string, body: unknown) => fetch(`${kettle.url}${path}`, { method: "POST", body: JSON.stringify(body) });

    test("OpenAI: the last event is data: {error} with OpenAI's error body, and no [DONE]", async () => {
        const response = await post("/v1/chat/completions", {
            model: "chat",
            stream: true,
            max_tokens: 100000,
            messages: [{ role: "user", content: "Tell me a long story" }]
        });
        assert.match(response.headers.get("content-type") ?? "", /text\/event-stream/);
        const { rest } = await killLane(response);
        const events = rest.split("\n\n").filter(Boolean);
        const last = events.at(-1)!;
        assert.ok(last.startsWith("data: "), last);
        assert.ok(!rest.includes("[DONE]"));
        const body = JSON.parse(last.slice("data: ".length)) as { error: { message: string; type: string; param: null; code: null } };
        assert.match(body.error.message, /exited unexpectedly/);
        assert.equal(body.error.type, "api_error");
    });

    test("OpenAI's client throws the failure as an APIError", async () => {
        const client = new OpenAI({ baseURL: `${kettle.url}/v1`, apiKey: "unused" });
        const stream = await client.chat.completions.create({
            model: "chat",
            stream: true,
            max_tokens: 100000,
            messages: [{ role: "user", content: "Tell me a long story" }]
        });
        let killed = false;
        await assert.rejects(
            (async () => {
                for await (const chunk of stream) {
                    assert.ok(chunk.choices);
                    if (killed) continue;
                    killed = true;
                    process.kill(lanePids(kettle.process.pid!)[0]!, "SIGKILL");
                }
            })(),
            (error: unknown) => error instanceof OpenAI.APIError && /exited unexpectedly/.test(error.message)
        );
    });

    test("Anthropic: the last event is event: error with Anthropic's error body", async () => {
        const response = await post("/v1/messages", {
            model: "chat",
            stream: true,
            max_tokens: 100000,
            messages: [{ role: "user", content: "Tell me a long story" }]
        });
        const { first, rest } = await killLane(response);
        assert.match(first, /^event: message_start\n/);
        const last = rest.split("\n\n").filter(Boolean).at(-1)!;
        const [eventLine, dataLine] = last.split("\n");
        assert.equal(eventLine, "event: error");
        const body = JSON.parse(dataLine!.slice("data: ".length)) as { type: string; error: { type: string; message: string } };
        assert.equal(body.type, "error");
        assert.equal(body.error.type, "api_error");
        assert.match(body.error.message, /exited unexpectedly/);
    });

    test("Responses: the last event is response.failed, its response failed with the error", async () => {
        const response = await post("/v1/responses", {
            model: "chat",
            stream: true,
            max_output_tokens: 100000,
            input: "Tell me a long story"
        });
        assert.match(response.headers.get("content-type") ?? "", /text\/event-stream/);
        const { rest } = await killLane(response);
        const last = rest.split("\n\n").filter(Boolean).at(-1)!;
        assert.match(last, /^event: response\.failed\n/);
        const event = JSON.parse(last.slice(last.indexOf("data: ") + "data: ".length)) as {
            type: string;
            sequence_number: number;
            response: { status: string; error: { code: string; message: string } };
        };
        assert.equal(event.type, "response.failed");
        assert.equal(event.response.status, "failed");
        assert.equal(event.response.error.code, "server_error");
        assert.match(event.response.error.message, /exited unexpectedly/);
    });

    test("Ollama: the last line is {error}; and the restarted lane serves again", async () => {
        const response = await post("/api/chat", {
            model: "chat",
            messages: [{ role: "user", content: "Tell me a long story" }],
            options: { num_predict: 100000 }
        });
        const { rest } = await killLane(response);
        const last = JSON.parse(rest.trim().split("\n").at(-1)!) as { error?: string };
        assert.match(last.error ?? "", /exited unexpectedly/);
        const again = await post("/api/chat", {
            model: "chat",
            stream: false,
            messages: [{ role: "user", content: "Hi" }],
            options: { num_predict: 4 }
        });
        assert.equal(again.status, 200);
        assert.equal(((await again.json()) as { done: boolean }).done, true);
    });
});
