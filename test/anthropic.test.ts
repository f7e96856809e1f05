/**
 * The Anthropic-compatible Messages API end to end: a real `kettle serve`, the real tiny ChatML
 * model, and the official `@anthropic-ai/sdk` client as the caller. The model writes story-like
 * nonsense, so these tests check the protocol (shapes, event order, usage, errors), not quality.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import { startKettle, type Kettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";

/** A ChatML template in Ollama's Go syntax (Qwen 2.5 style) that renders tools and tool results. */
const toolTemplate = `{{- if or .System .Tools }}<|im_start|>system
{{- if .System }}
{{ .System }}
{{- end }}
{{- if .Tools }}

You are provided with function signatures within <tools></tools> XML tags:
<tools>
{{- range .Tools }}
{"type": "function", "function": {{ .Function }}}
{{- end }}
</tools>

For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:
<tool_call>
{"name": <function-name>, "arguments": <args-json-object>}
</tool_call>
{{- end }}<|im_end|>
{{ end }}
{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 -}}
{{- if eq .Role "user" }}<|im_start|>user
{{ .Content }}<|im_end|>
{{ else if eq .Role "assistant" }}<|im_start|>assistant
{{ if .Content }}{{ .Content }}
{{- else if .ToolCalls }}<tool_call>
{{ range .ToolCalls }}{"name": "{{ .Function.Name }}", "arguments": {{ .Function.Arguments }}}
{{ end }}</tool_call>
{{- end }}{{ if not $last }}<|im_end|>
{{ end }}
{{- else if eq .Role "tool" }}<|im_start|>user
<tool_response>
{{ .Content }}
</tool_response><|im_end|>
{{ end }}
{{- if and (ne .Role "assistant") $last }}<|im_start|>assistant
{{ end }}
{{- end }}`;

/** A ChatML template that opens a <think> block when thinking is on (Qwen 3 style). */
const thinkTemplate = `{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 -}}
<|im_start|>{{ .Role }}
{{ .Content }}<|im_end|>
{{ if and $last (ne .Role "assistant") }}<|im_start|>assistant
{{ if $.Think }}<think>
{{ else }}<think>

</think>

{{ end }}{{ end }}
{{- end }}`;

const weatherTool = {
    name: "get_weather",
    description: "The current weather in a city",
    input_schema: { type: "object" as const, properties: { city: { type: "string" } }, required: ["city"] }
};

const hello: Anthropic.MessageParam[] = [{ role: "user", content: "Hello" }];

type SseEvent = { event: string; data: Record<string, unknown> };

function parseSse(text: string): SseEvent[] {
    return text
        .split("\n\n")
        .filter((frame) => frame.trim() !== "")
        .map((frame) => {
            const event = /^event: (.*)$/m.exec(frame)?.[1];
            const data = /^data: (.*)$/m.exec(frame)?.[1];
            assert.ok(event && data, `an SSE frame has an event and data line: ${JSON.stringify(frame)}`);
            return { event, data: JSON.parse(data) as Record<string, unknown> };
        });
}

/**
 * Adds `temperature: 0`. The SDK's types no longer list the sampling fields (temperature, top_p,
 * top_k), but it sends them, and the API and Kettle still take them.
 */
function greedy<T extends object>(params: T): T {
    return { ...params, temperature: 0 };
}

function textOf(message: Anthropic.Message): string {
    return message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
}

describe("Anthropic Messages API", () => {
    let kettle: Kettle;
    let client: Anthropic;
    /** POST with the headers Anthropic clients send (all ignored). */
    let post: (path: string, body: unknown) => Promise<Response>;
    /** Drops the warm model, so the next request starts from an empty KV cache (bit-identical greedy text). */
    let unload: (model: string) => Promise<void>;

    before(async () => {
        kettle = await startKettle();
        await kettle.createModel("chat", testModels.chatml);
        await kettle.createModel("tooly", testModels.chatml, { template: toolTemplate });
        await kettle.createModel("thinker", testModels.chatml, { template: thinkTemplate });
        await kettle.createModel("embedder", testModels.embed);
        client = new Anthropic({ baseURL: kettle.url, apiKey: "kettle", maxRetries: 0 });
        post = (path, body) =>
            fetch(`${kettle.url}${path}`, {
                method: "POST",
                headers: {
                    "content-type": "application/json",
                    "x-api-key": "anything",
                    "anthropic-version": "2023-06-01",
                    "anthropic-beta": "interleaved-thinking-2025-05-14",
                    authorization: "Bearer anything"
                },
                body: JSON.stringify(body)
            });
        unload = async (model) => {
            const response = await fetch(`${kettle.url}/api/generate`, { method: "POST", body: JSON.stringify({ model, keep_alive: 0 }) });
            assert.equal(response.status, 200, await response.text());
        };
    });
    after(async () => {
        await kettle?.stop();
    });

    test("messages.create answers a Message with the native chat's greedy text and real usage", async () => {
        const message = await client.messages.create(greedy({ model: "chat", max_tokens: 24, messages: hello }));
        assert.match(message.id, /^msg_[0-9a-f]{24}$/);
        assert.equal(message.type, "message");
        assert.equal(message.role, "assistant");
        assert.equal(message.model, "chat");
        assert.equal(message.content.length, 1);
        assert.equal(message.content[0]!.type, "text");
        assert.ok(textOf(message).length > 0);
        assert.ok(["end_turn", "max_tokens"].includes(message.stop_reason!), String(message.stop_reason));
        assert.equal(message.stop_sequence, null);
        assert.ok(Number.isInteger(message.usage.input_tokens) && message.usage.input_tokens > 0, JSON.stringify(message.usage));
        assert.ok(message.usage.output_tokens > 0 && message.usage.output_tokens <= 24, JSON.stringify(message.usage));

        // The adapter adds nothing: the native handler, asked the same, says the same.
        await unload("chat");
        const native = await fetch(`${kettle.url}/api/chat`, {
            method: "POST",
            body: JSON.stringify({ model: "chat", messages: hello, options: { temperature: 0, num_predict: 24 }, stream: false })
        });
        const answer = (await native.json()) as { message: { content: string }; prompt_eval_count: number; eval_count: number };
        await unload("chat");
        const again = await client.messages.create(greedy({ model: "chat", max_tokens: 24, messages: hello }));
        assert.equal(textOf(again), answer.message.content);
        assert.equal(again.usage.input_tokens, answer.prompt_eval_count);
        assert.equal(again.usage.output_tokens, answer.eval_count);
    });

    test("max_tokens: 5 stops with stop_reason max_tokens after at most 5 tokens", async () => {
        const message = await client.messages.create({ model: "chat", max_tokens: 5, messages: hello });
        assert.equal(message.stop_reason, "max_tokens");
        assert.ok(message.usage.output_tokens <= 5 && message.usage.output_tokens > 0, JSON.stringify(message.usage));
    });

    test("messages.stream: the SDK accepts the event order and its finalMessage matches the non-streamed answer", async () => {
        const params = greedy({ model: "chat", max_tokens: 32, messages: hello });
        await unload("chat");
        const whole = await client.messages.create(params);
        await unload("chat");
        const stream = client.messages.stream(params);
        let streamedText = "";
        stream.on("text", (delta) => (streamedText += delta));
        const final = await stream.finalMessage();
        assert.equal(textOf(final), textOf(whole));
        assert.equal(streamedText, textOf(whole));
        assert.equal(final.stop_reason, whole.stop_reason);
        assert.deepEqual(final.usage, whole.usage);
        assert.match(final.id, /^msg_/);
        assert.notEqual(final.id, whole.id);
    });

    test("the raw event stream: SSE framing, Anthropic's event order, usage at start and end; API-key headers are ignored", async () => {
        const response = await post("/v1/messages", { model: "chat", max_tokens: 12, temperature: 0, stream: true, messages: hello });
        assert.equal(response.status, 200);
        assert.equal(response.headers.get("content-type"), "text/event-stream; charset=utf-8");
        const events = parseSse(await response.text());
        for (const { event, data } of events) assert.equal(data.type, event, "each `event:` names its data's type");
        const types = events.map((event) => event.event);
        assert.equal(types[0], "message_start");
        assert.equal(types[1], "content_block_start");
        assert.deepEqual(types.slice(-3), ["content_block_stop", "message_delta", "message_stop"]);
        assert.ok(types.slice(2, -3).every((type) => type === "content_block_delta"));
        assert.ok(types.length > 6, "streamed in several deltas");

        const start = events[0]!.data as { message: Anthropic.Message };
        assert.deepEqual(start.message.content, []);
        assert.equal(start.message.stop_reason, null);
        assert.ok(start.message.usage.input_tokens > 0);
        assert.equal(start.message.usage.output_tokens, 0);
        assert.deepEqual(events[1]!.data, { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
        for (const { data } of events.slice(2, -3)) {
            assert.equal(data.index, 0);
            assert.equal((data.delta as { type: string }).type, "text_delta");
        }
        const delta = events.at(-2)!.data as { delta: { stop_reason: string; stop_sequence: null }; usage: Anthropic.Usage };
        assert.deepEqual(delta.delta, { stop_reason: "max_tokens", stop_sequence: null });
        assert.equal(delta.usage.output_tokens, 12);
        assert.equal(delta.usage.input_tokens, start.message.usage.input_tokens, "message_start announced the real prompt size");
    });

    test("count_tokens: a positive integer that grows with the conversation and equals the usage of the same prompt", async () => {
        const one = await client.messages.countTokens({ model: "chat", messages: hello });
        assert.ok(Number.isInteger(one.input_tokens) && one.input_tokens > 0, JSON.stringify(one));
        const three = await client.messages.countTokens({
            model: "chat",
            messages: [...hello, { role: "assistant", content: "Hi! How can I help?" }, { role: "user", content: "Tell me a story." }]
        });
        assert.ok(three.input_tokens > one.input_tokens + 8, `${three.input_tokens} > ${one.input_tokens} + 8`);
        const used = await client.messages.create({ model: "chat", max_tokens: 1, messages: hello });
        assert.equal(used.usage.input_tokens, one.input_tokens);
    });

    test("the system prompt, as a string or as text blocks, reaches the prompt", async () => {
        const none = await client.messages.countTokens({ model: "chat", messages: hello });
        const asString = await client.messages.countTokens({
            model: "chat",
            system: "You are a storyteller.\n\nBe brief.",
            messages: hello
        });
        const asBlocks = await client.messages.countTokens({
            model: "chat",
            system: [
                { type: "text", text: "You are a storyteller." },
                { type: "text", text: "Be brief." }
            ],
            messages: hello
        });
        assert.ok(asString.input_tokens > none.input_tokens + 5, `${asString.input_tokens} > ${none.input_tokens} + 5`);
        assert.equal(asBlocks.input_tokens, asString.input_tokens, "blocks are joined with a blank line");
        const message = await client.messages.create({
            model: "chat",
            max_tokens: 1,
            system: "You are a storyteller.\n\nBe brief.",
            messages: hello
        });
        assert.equal(message.usage.input_tokens, asString.input_tokens);
    });

    test("stop_sequences end the text before the sequence", async () => {
        await unload("chat");
        const whole = textOf(await client.messages.create(greedy({ model: "chat", max_tokens: 24, messages: hello })));
        const stop = whole.slice(4, 7);
        assert.ok(stop.trim().length > 0, JSON.stringify(whole));
        await unload("chat");
        const stopped = await client.messages.create(greedy({ model: "chat", max_tokens: 24, stop_sequences: [stop], messages: hello }));
        assert.equal(textOf(stopped), whole.slice(0, whole.indexOf(stop)));
        // The native stream does not say which stop ended it, so a stop sequence reads as the end of the turn.
        assert.equal(stopped.stop_reason, "end_turn");
        assert.equal(stopped.stop_sequence, null);
    });

    test("output_config.format constrains the text to the JSON schema", async () => {
        const message = await client.messages.create({
            model: "chat",
            max_tokens: 64,
            messages: [{ role: "user", content: "A number, as JSON." }],
            output_config: {
                format: {
                    type: "json_schema",
                    schema: { type: "object", properties: { n: { type: "integer" } }, required: ["n"], additionalProperties: false }
                }
            }
        });
        if (message.stop_reason === "end_turn") {
            const value = JSON.parse(textOf(message)) as { n: unknown };
            assert.ok(Number.isInteger(value.n), textOf(message));
        } else {
            assert.match(textOf(message), /^\{\s*"n"/);
        }
    });

    test("max_tokens: 0 counts the prompt and generates nothing, streamed or not", async () => {
        const count = await client.messages.countTokens({ model: "chat", messages: hello });
        const message = await client.messages.create({ model: "chat", max_tokens: 0, messages: hello });
        assert.deepEqual(message.content, []);
        assert.equal(message.stop_reason, "max_tokens");
        assert.deepEqual(message.usage, { input_tokens: count.input_tokens, output_tokens: 0 });
        const final = await client.messages.stream({ model: "chat", max_tokens: 0, messages: hello }).finalMessage();
        assert.deepEqual(final.content, []);
        assert.equal(final.usage.input_tokens, count.input_tokens);
    });

    test("thinking on a model that cannot think is dropped, as Ollama does", async () => {
        const message = await client.messages.create({
            model: "chat",
            max_tokens: 8,
            thinking: { type: "enabled", budget_tokens: 1024 },
            messages: hello
        });
        assert.deepEqual(
            message.content.map((block) => block.type),
            ["text"]
        );
    });

    test("a tool_result reaches the prompt as a tool message named after its tool_use", async () => {
        const conversation = (result: string): Anthropic.MessageParam[] => [
            { role: "user", content: "Weather in Paris?" },
            { role: "assistant", content: [{ type: "tool_use", id: "toolu_01", name: "get_weather", input: { city: "Paris" } }] },
            { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_01", content: result }] }
        ];
        const short = await client.messages.countTokens({ model: "tooly", tools: [weatherTool], messages: conversation("18C") });
        const long = await client.messages.countTokens({
            model: "tooly",
            tools: [weatherTool],
            messages: conversation("18C, light rain, wind from the west at twenty kilometres per hour")
        });
        assert.ok(long.input_tokens > short.input_tokens + 10, `${long.input_tokens} > ${short.input_tokens} + 10`);
        const message = await client.messages.create({
            model: "tooly",
            max_tokens: 8,
            tools: [weatherTool],
            messages: conversation("18C")
        });
        assert.equal(message.usage.input_tokens, short.input_tokens);
    });

    test("tools reach the prompt (count_tokens grows with them)", async () => {
        const without = await client.messages.countTokens({ model: "tooly", messages: hello });
        const withTools = await client.messages.countTokens({ model: "tooly", tools: [weatherTool], messages: hello });
        assert.ok(withTools.input_tokens > without.input_tokens + 20, `${withTools.input_tokens} > ${without.input_tokens} + 20`);
    });

    test("tool_choice any forces a tool_use block, streamed as input_json_delta", async () => {
        // Greedy: sampled at random, the tiny model may write the city's name for hundreds of tokens.
        const params = greedy({
            model: "tooly",
            // The test model's 512-token vocabulary spells JSON in many small tokens.
            max_tokens: 256,
            tools: [weatherTool],
            tool_choice: { type: "any" as const },
            messages: [{ role: "user" as const, content: "Weather in Paris?" }]
        });
        const message = await client.messages.create(params);
        const toolUse = message.content.find((block) => block.type === "tool_use");
        assert.ok(toolUse && toolUse.type === "tool_use", JSON.stringify(message.content));
        assert.equal(toolUse.name, "get_weather");
        assert.equal(typeof toolUse.input, "object");
        assert.equal(message.stop_reason, "tool_use");

        const response = await post("/v1/messages", { ...params, stream: true });
        const events = parseSse(await response.text());
        const start = events.find((event) => (event.data.content_block as { type?: string } | undefined)?.type === "tool_use");
        assert.ok(start, "a tool_use block starts");
        assert.ok(events.some((event) => (event.data.delta as { type?: string } | undefined)?.type === "input_json_delta"));
        const final = await client.messages.stream(params).finalMessage();
        assert.equal(final.stop_reason, "tool_use");
        assert.equal(final.content.find((block) => block.type === "tool_use")?.type, "tool_use");
    });

    test("thinking on a thinking model comes back as a thinking block", async () => {
        const params = { model: "thinker", max_tokens: 16, thinking: { type: "enabled" as const, budget_tokens: 1024 }, messages: hello };
        const message = await client.messages.create(params);
        assert.equal(message.content[0]?.type, "thinking", JSON.stringify(message.content));
        const final = await client.messages.stream(params).finalMessage();
        assert.equal(final.content[0]?.type, "thinking");
        const off = await client.messages.create({ ...params, thinking: { type: "disabled" } });
        assert.ok(off.content.every((block) => block.type !== "thinking"));
    });

    test("errors come back as the SDK's classes: 404 for an unknown model, in Anthropic's envelope", async () => {
        await assert.rejects(client.messages.create({ model: "no-such-model", max_tokens: 8, messages: hello }), (error: unknown) => {
            assert.ok(error instanceof Anthropic.NotFoundError, String(error));
            assert.equal(error.status, 404);
            assert.equal(error.type, "not_found_error");
            return true;
        });
        await assert.rejects(client.messages.countTokens({ model: "no-such-model", messages: hello }), Anthropic.NotFoundError);
        const wrongMethod = await fetch(`${kettle.url}/v1/messages`);
        assert.equal(wrongMethod.status, 405);
        assert.equal(wrongMethod.headers.get("allow"), "POST");
        assert.deepEqual(await wrongMethod.json(), {
            type: "error",
            error: { type: "invalid_request_error", message: "method GET not allowed for /v1/messages" }
        });
        const raw = await post("/v1/messages", { model: "no-such-model", max_tokens: 8, messages: hello });
        assert.equal(raw.status, 404);
        assert.equal(raw.headers.get("content-type"), "application/json; charset=utf-8");
        assert.deepEqual(await raw.json(), {
            type: "error",
            error: { type: "not_found_error", message: "model 'no-such-model:latest' not found" }
        });
    });

    test("bad requests are BadRequestErrors (400 invalid_request_error) that say what is wrong", async () => {
        const cases: [string, Record<string, unknown>, string | RegExp][] = [
            ["missing max_tokens", { model: "chat", messages: hello }, "max_tokens: Field required"],
            ["empty messages", { model: "chat", max_tokens: 8, messages: [] }, "messages: at least one message is required"],
            [
                "unknown role",
                { model: "chat", max_tokens: 8, messages: [{ role: "tool", content: "x" }] },
                `messages.0.role: expected ("user" | "assistant" | "system") but got "tool"`
            ],
            [
                "unknown content block type",
                { model: "chat", max_tokens: 8, messages: [{ role: "user", content: [{ type: "document", source: {} }] }] },
                /^messages\.0\.content\.0\.type: unknown content block type "document"/
            ],
            [
                "tool_result without its tool_use",
                {
                    model: "chat",
                    max_tokens: 8,
                    messages: [{ role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_404", content: "x" }] }]
                },
                /^messages\.0\.content\.0\.tool_use_id: no tool_use block with id "toolu_404"/
            ],
            [
                "image from a URL",
                {
                    model: "chat",
                    max_tokens: 8,
                    messages: [{ role: "user", content: [{ type: "image", source: { type: "url", url: "https://example.com/cat.png" } }] }]
                },
                /image source "url" is not supported/
            ],
            [
                "an image for a model without vision",
                {
                    model: "chat",
                    max_tokens: 8,
                    messages: [
                        {
                            role: "user",
                            content: [{ type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } }]
                        }
                    ]
                },
                `"chat" does not support images`
            ],
            [
                "tools for a model without tools",
                { model: "chat", max_tokens: 8, tools: [weatherTool], messages: hello },
                `"chat" does not support tools`
            ],
            ["a model that cannot chat", { model: "embedder", max_tokens: 8, messages: hello }, `"embedder" does not support chat`]
        ];
        for (const [name, body, message] of cases) {
            await assert.rejects(client.messages.create(body as never), (error: unknown) => {
                assert.ok(error instanceof Anthropic.BadRequestError, `${name}: ${String(error)}`);
                assert.equal(error.status, 400, name);
                assert.equal(error.type, "invalid_request_error", name);
                if (typeof message === "string") assert.equal(error.apiMessage, message, name);
                else assert.match(error.apiMessage ?? "", message, name);
                return true;
            });
        }
        const raw = await post("/v1/messages/count_tokens", { model: "chat", messages: [] });
        assert.equal(raw.status, 400);
        assert.deepEqual(await raw.json(), {
            type: "error",
            error: { type: "invalid_request_error", message: "messages: at least one message is required" }
        });
    });
});
