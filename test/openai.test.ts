/**
 * The OpenAI-compatible API end to end: a real `kettle serve` process, the real tiny models, and the
 * official `openai` npm client (no retries, so an error surfaces at once as its class). The model
 * writes story-like nonsense, so these tests check the protocol, and compare the adapters' answers
 * with the native endpoints' greedy answers.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { closeJsonPrefix } from "../testing/closeJsonPrefix.js";
import { readNdjson, startKettle, type Kettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";

const hi: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "Tell me a story." }];
const greedy = { temperature: 0, seed: 42 } as const;

/** Asserts that `promise` rejects with an instance of `errorClass` whose status and message match. */
async function rejectsWith(
    promise: Promise<unknown>,
    errorClass: abstract new (...args: never[]) => InstanceType<typeof OpenAI.APIError>,
    status: number,
    message: RegExp
): Promise<InstanceType<typeof OpenAI.APIError>> {
    const error = await promise.then(
        () => assert.fail(`expected a ${status}`),
        (error: unknown) => error
    );
    assert.ok(error instanceof errorClass, `expected ${errorClass.name}, got ${String(error)}`);
    assert.equal(error.status, status);
    assert.match(error.message, message);
    return error;
}

describe("OpenAI-compatible API", () => {
    let kettle: Kettle;
    let client: OpenAI;
    /** The greedy answer of /api/chat to `hi`, 24 tokens. */
    let nativeChatText: string;

    before(async () => {
        kettle = await startKettle();
        client = new OpenAI({ baseURL: `${kettle.url}/v1`, apiKey: "sk-ignored", maxRetries: 0 });
        await kettle.createModel("chat", testModels.chatml);
        await kettle.createModel("embedder", testModels.embed);
        const native = await fetch(`${kettle.url}/api/chat`, {
            method: "POST",
            body: JSON.stringify({ model: "chat", messages: hi, stream: false, options: { temperature: 0, num_predict: 24 } })
        });
        nativeChatText = ((await native.json()) as { message: { content: string } }).message.content;
        assert.ok(nativeChatText.length > 10, nativeChatText);
    });
    after(async () => {
        await kettle?.stop();
    });

    test("chat: a chat.completion with the native greedy answer, usage and finish_reason", async () => {
        const completion = await client.chat.completions.create({ model: "chat", messages: hi, max_tokens: 24, ...greedy });
        assert.match(completion.id, /^chatcmpl-[A-Za-z0-9]{24}$/);
        assert.equal(completion.object, "chat.completion");
        assert.equal(completion.model, "chat");
        assert.equal(completion.system_fingerprint, "fp_kettle");
        assert.ok(Math.abs(completion.created - Date.now() / 1000) < 60, "created is now, in seconds");
        assert.equal(completion.choices.length, 1);
        const [choice] = completion.choices;
        assert.equal(choice!.index, 0);
        assert.equal(choice!.message.role, "assistant");
        assert.equal(choice!.message.content, nativeChatText);
        assert.equal(choice!.finish_reason, "length");
        assert.equal(choice!.logprobs, null);
        assert.equal(completion.usage!.completion_tokens, 24);
        assert.ok(completion.usage!.prompt_tokens > 5);
        assert.equal(completion.usage!.total_tokens, completion.usage!.prompt_tokens + 24);
    });

    test("chat: max_completion_tokens wins over max_tokens; a stop sequence ends the answer with finish_reason stop", async () => {
        const short = await client.chat.completions.create({
            model: "chat",
            messages: hi,
            max_tokens: 30,
            max_completion_tokens: 3,
            ...greedy
        });
        assert.equal(short.choices[0]!.finish_reason, "length");
        assert.equal(short.usage!.completion_tokens, 3);

        const stop = nativeChatText.slice(8, 11);
        const stopped = await client.chat.completions.create({ model: "chat", messages: hi, max_tokens: 24, stop, ...greedy });
        assert.equal(stopped.choices[0]!.finish_reason, "stop");
        assert.equal(stopped.choices[0]!.message.content, nativeChatText.slice(0, nativeChatText.indexOf(stop)));
    });

    test("chat streaming: role first, content deltas, a finish chunk, then usage, all with one id", async () => {
        const stream = await client.chat.completions.create({
            model: "chat",
            messages: hi,
            max_tokens: 24,
            ...greedy,
            stream: true,
            stream_options: { include_usage: true }
        });
        const chunks: OpenAI.ChatCompletionChunk[] = [];
        for await (const chunk of stream) chunks.push(chunk);
        assert.ok(chunks.length > 4, `streamed in several chunks (${chunks.length})`);
        assert.equal(new Set(chunks.map((chunk) => chunk.id)).size, 1);
        assert.equal(new Set(chunks.map((chunk) => chunk.created)).size, 1);
        assert.ok(chunks.every((chunk) => chunk.object === "chat.completion.chunk" && chunk.model === "chat"));
        assert.deepEqual(chunks[0]!.choices[0]!.delta, { role: "assistant", content: "" });

        const finish = chunks.at(-2)!;
        assert.deepEqual(finish.choices[0]!.delta, {});
        assert.equal(finish.choices[0]!.finish_reason, "length");
        const usage = chunks.at(-1)!;
        assert.deepEqual(usage.choices, []);
        assert.equal(usage.usage!.completion_tokens, 24);
        assert.ok(usage.usage!.prompt_tokens > 5);
        assert.ok(chunks.slice(0, -1).every((chunk) => chunk.usage === null));
        assert.ok(chunks.slice(0, -2).every((chunk) => chunk.choices[0]!.finish_reason === null));

        const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
        assert.equal(text, nativeChatText);
    });

    test("chat streaming on the wire: text/event-stream data events ending with [DONE]", async () => {
        const response = await fetch(`${kettle.url}/v1/chat/completions`, {
            method: "POST",
            headers: { "Content-Type": "application/json", Authorization: "Bearer anything" },
            body: JSON.stringify({ model: "chat", messages: hi, max_tokens: 4, stream: true })
        });
        assert.equal(response.status, 200);
        assert.equal(response.headers.get("content-type"), "text/event-stream");
        const events = (await response.text()).split("\n\n");
        assert.equal(events.pop(), "", "every event ends with a blank line");
        assert.equal(events.at(-1), "data: [DONE]");
        for (const event of events.slice(0, -1)) {
            assert.match(event, /^data: \{/);
            assert.ok(!("usage" in JSON.parse(event.slice(6))), "no usage field without include_usage");
        }
    });

    test("chat: openai-node's stream helper builds the final completion", async () => {
        const stream = client.chat.completions.stream({ model: "chat", messages: hi, max_tokens: 24, ...greedy });
        let deltas = "";
        stream.on("content", (delta) => (deltas += delta));
        const completion = await stream.finalChatCompletion();
        assert.equal(completion.choices[0]!.message.role, "assistant");
        assert.equal(completion.choices[0]!.message.content, nativeChatText);
        assert.equal(completion.choices[0]!.finish_reason, "length");
        assert.equal(deltas, nativeChatText);
    });

    test("chat: response_format json_schema constrains the output to the schema", async () => {
        const schema = {
            type: "object",
            properties: {
                name: { type: "string", enum: ["Lily", "Tom", "Sue"] },
                happy: { type: "boolean" },
                mood: { type: "string", enum: ["glad", "sad"] }
            },
            required: ["name", "happy", "mood"],
            additionalProperties: false
        };
        for (const seed of [1, 2, 3]) {
            const completion = await client.chat.completions.create({
                model: "chat",
                messages: hi,
                // About one token per character with this model's 512-token vocabulary; the object needs ~60.
                max_tokens: 120,
                seed,
                response_format: { type: "json_schema", json_schema: { name: "story_card", schema, strict: true } }
            });
            const content = completion.choices[0]!.message.content!;
            const value = JSON.parse(content) as Record<string, unknown>;
            assert.deepEqual(Object.keys(value).sort(), ["happy", "mood", "name"], content);
            assert.ok(["Lily", "Tom", "Sue"].includes(value.name as string), content);
            assert.equal(typeof value.happy, "boolean", content);
            assert.ok(["glad", "sad"].includes(value.mood as string), content);
        }
        const json = await client.chat.completions.create({
            model: "chat",
            messages: hi,
            max_tokens: 200, // enough for several keys and values
            response_format: { type: "json_object" }
        });
        // json_object is llama.cpp's JSON grammar (an object at the root), cut off here by max_tokens: closed, it must parse.
        const content = json.choices[0]!.message.content!;
        const parsed: unknown = JSON.parse(closeJsonPrefix(content));
        assert.ok(typeof parsed === "object" && parsed !== null && !Array.isArray(parsed), content);
    });

    test("chat: reasoning_effort none is accepted; a level on a model that cannot think is the native 400", async () => {
        const none = await client.chat.completions.create({ model: "chat", messages: hi, max_tokens: 2, reasoning_effort: "none" });
        assert.equal((none.choices[0]!.message as { reasoning?: string }).reasoning, undefined);
        await rejectsWith(
            client.chat.completions.create({ model: "chat", messages: hi, max_tokens: 2, reasoning_effort: "low" }),
            OpenAI.BadRequestError,
            400,
            /does not support thinking/
        );
        await rejectsWith(
            client.chat.completions.create({ model: "chat", messages: hi, reasoning_effort: "huge" as "low" }),
            OpenAI.BadRequestError,
            400,
            /invalid reasoning_effort "huge"/
        );
    });

    test("chat: the options extension sets num_ctx, and the model is loaded with it", async () => {
        const completion = await client.chat.completions.create({
            model: "chat",
            messages: hi,
            max_tokens: 2,
            // @ts-expect-error Kettle's extension, not in openai-node's types
            options: { num_ctx: 384 }
        });
        assert.equal(completion.usage!.completion_tokens, 2);
        const ps = (await (await fetch(`${kettle.url}/api/ps`)).json()) as { models: { name: string; context_length: number }[] };
        assert.ok(
            ps.models.some((model) => model.name === "chat:latest" && model.context_length === 384),
            JSON.stringify(ps.models)
        );
    });

    test("chat: a tool-call history is translated into a request the native handler accepts, and reaches the prompt", async () => {
        const messages: OpenAI.ChatCompletionMessageParam[] = [
            { role: "user", content: "Weather in Paris?" },
            {
                role: "assistant",
                content: null,
                tool_calls: [{ id: "call_abc12345", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }]
            },
            { role: "tool", tool_call_id: "call_abc12345", content: "sunny" }
        ];
        const completion = await client.chat.completions.create({ model: "chat", max_tokens: 4, messages });
        assert.equal(completion.choices[0]!.message.role, "assistant");
        assert.equal(completion.usage!.completion_tokens, 4);

        // A template that renders tool calls and results shows what the translation handed it.
        const template = readFileSync(fileURLToPath(new URL("../../test/fixtures/templates/qwen-tools.gotmpl", import.meta.url)), "utf8");
        await kettle.createModel("qwen-tools", testModels.chatml, { template: template.replace(/\n$/, "") });
        const response = await fetch(`${kettle.url}/v1/chat/completions`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ model: "qwen-tools", messages, _debug_render_only: true })
        });
        assert.equal(response.status, 200);
        const prompt = ((await response.json()) as { _debug_info: { rendered_template: string } })._debug_info.rendered_template;
        // The arguments string arrives as an object, the tool's result as a tool message after it.
        assert.match(
            prompt,
            /<\|im_start\|>assistant\n<tool_call>\n\{"name": "get_weather", "arguments": \{"city":"Paris"\}\}\n<\/tool_call><\|im_end\|>\n/
        );
        assert.match(prompt, /<\/tool_call><\|im_end\|>\n<\|im_start\|>user\n<tool_response>\nsunny\n<\/tool_response><\|im_end\|>\n/);
        assert.ok(prompt.endsWith("<|im_start|>assistant\n"), prompt);
    });

    test("chat: a named tool_choice makes the model call that tool", async () => {
        const template = [
            "{{- if .Tools }}<|im_start|>system",
            "You can call: {{ range .Tools }}{{ .Function.Name }} {{ end }}<|im_end|>",
            "{{ end }}{{- range .Messages }}<|im_start|>{{ .Role }}",
            "{{ .Content }}<|im_end|>",
            "{{ end }}<|im_start|>assistant",
            ""
        ].join("\n");
        await kettle.createModel("tooly", testModels.chatml, { template });
        const tools: OpenAI.ChatCompletionTool[] = [
            {
                type: "function",
                function: {
                    name: "get_weather",
                    parameters: {
                        type: "object",
                        properties: { city: { type: "string", enum: ["Paris", "Rome"] } },
                        required: ["city"]
                    }
                }
            }
        ];
        const request = {
            model: "tooly",
            messages: [{ role: "user" as const, content: "Weather in Paris?" }],
            max_tokens: 200, // the test model spells JSON in many small tokens (512-token vocabulary)
            tools,
            tool_choice: { type: "function" as const, function: { name: "get_weather" } }
        };
        const completion = await client.chat.completions.create(request);
        const choice = completion.choices[0]!;
        assert.equal(choice.finish_reason, "tool_calls");
        const call = choice.message.tool_calls![0]!;
        assert.equal(call.type, "function");
        assert.match(call.id, /^call_/);
        assert.equal(call.type === "function" && call.function.name, "get_weather");
        assert.ok(call.type === "function" && ["Paris", "Rome"].includes((JSON.parse(call.function.arguments) as { city: string }).city));

        const streamed = await client.chat.completions.stream(request).finalChatCompletion();
        assert.equal(streamed.choices[0]!.finish_reason, "tool_calls");
        assert.equal(streamed.choices[0]!.message.tool_calls!.length, 1);
    });

    test("chat: reasoning_effort turns thinking on and off; reasoning comes back apart from the content", async () => {
        // The template opens <think>; the tiny model never closes it, so all it writes is reasoning.
        const template = readFileSync(fileURLToPath(new URL("../../test/fixtures/templates/think.gotmpl", import.meta.url)), "utf8");
        await kettle.createModel("thinker", testModels.chatml, { template: template.replace(/\n$/, "") });
        const thinking = await client.chat.completions.create({
            model: "thinker",
            messages: hi,
            max_tokens: 12,
            reasoning_effort: "low",
            ...greedy
        });
        const message = thinking.choices[0]!.message as (typeof thinking.choices)[0]["message"] & { reasoning?: string };
        assert.ok((message.reasoning ?? "").length > 0, JSON.stringify(message));
        assert.equal(message.content, "");

        const chunks: { reasoning?: string; content?: string | null }[] = [];
        const stream = await client.chat.completions.create({
            model: "thinker",
            messages: hi,
            max_tokens: 12,
            reasoning_effort: "low",
            stream: true,
            ...greedy
        });
        for await (const chunk of stream)
            if (chunk.choices[0]) chunks.push(chunk.choices[0].delta as { reasoning?: string; content?: string | null });
        assert.equal(chunks.map((delta) => delta.reasoning ?? "").join(""), message.reasoning);

        const off = await client.chat.completions.create({
            model: "thinker",
            messages: hi,
            max_tokens: 12,
            reasoning_effort: "none",
            ...greedy
        });
        assert.equal((off.choices[0]!.message as { reasoning?: string }).reasoning, undefined);
        assert.ok((off.choices[0]!.message.content ?? "").length > 0);
    });

    test("chat: logprobs and top_logprobs come back per token", async () => {
        const completion = await client.chat.completions.create({
            model: "chat",
            messages: hi,
            max_tokens: 5,
            logprobs: true,
            top_logprobs: 2,
            ...greedy
        });
        const content = completion.choices[0]!.logprobs!.content!;
        assert.equal(content.length, 5);
        assert.equal(content.map((entry) => entry.token).join(""), completion.choices[0]!.message.content);
        for (const entry of content) {
            assert.ok(entry.logprob <= 0);
            assert.equal(entry.top_logprobs.length, 2);
        }
    });

    test("completions: logprobs as the legacy parallel arrays", async () => {
        const completion = await client.completions.create({
            model: "chat",
            prompt: "Once upon a time",
            max_tokens: 5,
            logprobs: 2,
            ...greedy
        });
        const logprobs = completion.choices[0]!.logprobs!;
        assert.equal(logprobs.tokens!.length, 5);
        assert.equal(logprobs.tokens!.join(""), completion.choices[0]!.text);
        assert.equal(logprobs.token_logprobs!.length, 5);
        assert.ok(logprobs.top_logprobs!.every((top) => Object.keys(top).length === 2));
        assert.deepEqual(logprobs.text_offset![0], 0);
    });

    test("completions: text_completion, streamed and not, equal to the native greedy generate", async () => {
        const native = await fetch(`${kettle.url}/api/generate`, {
            method: "POST",
            body: JSON.stringify({ model: "chat", prompt: "Once upon a time", stream: false, options: { temperature: 0, num_predict: 16 } })
        });
        const nativeText = ((await native.json()) as { response: string }).response;

        const completion = await client.completions.create({ model: "chat", prompt: "Once upon a time", max_tokens: 16, ...greedy });
        assert.match(completion.id, /^cmpl-/);
        assert.equal(completion.object, "text_completion");
        assert.equal(completion.choices[0]!.text, nativeText);
        assert.equal(completion.choices[0]!.finish_reason, "length");
        assert.equal(completion.usage!.completion_tokens, 16);

        const stream = await client.completions.create({
            model: "chat",
            prompt: ["Once upon a time"],
            max_tokens: 16,
            ...greedy,
            stream: true,
            stream_options: { include_usage: true }
        });
        const chunks: OpenAI.Completion[] = [];
        for await (const chunk of stream) chunks.push(chunk);
        assert.equal(new Set(chunks.map((chunk) => chunk.id)).size, 1);
        assert.equal(chunks.map((chunk) => chunk.choices[0]?.text ?? "").join(""), nativeText);
        assert.equal(chunks.at(-2)!.choices[0]!.finish_reason, "length");
        assert.deepEqual(chunks.at(-1)!.choices, []);
        assert.equal(chunks.at(-1)!.usage!.completion_tokens, 16);

        await rejectsWith(
            client.completions.create({ model: "chat", prompt: "x", echo: true }),
            OpenAI.BadRequestError,
            400,
            /echo is not supported/
        );
        await rejectsWith(
            client.completions.create({ model: "chat", prompt: ["a", "b"] }),
            OpenAI.BadRequestError,
            400,
            /exactly one string/
        );
    });

    test("embeddings: floats and the client's default base64 both equal /api/embed's vectors", async () => {
        const input = ["Once upon a time", "a little girl named Lily"];
        const native = await fetch(`${kettle.url}/api/embed`, { method: "POST", body: JSON.stringify({ model: "embedder", input }) });
        const expected = ((await native.json()) as { embeddings: number[][] }).embeddings;
        assert.equal(expected[0]!.length, 64);

        const floats = await client.embeddings.create({ model: "embedder", input, encoding_format: "float" });
        assert.equal(floats.object, "list");
        assert.equal(floats.model, "embedder");
        assert.deepEqual(
            floats.data.map((item) => [item.object, item.index]),
            [
                ["embedding", 0],
                ["embedding", 1]
            ]
        );
        assert.deepEqual(
            floats.data.map((item) => item.embedding),
            expected
        );
        assert.ok(floats.usage.prompt_tokens > 0);
        assert.equal(floats.usage.total_tokens, floats.usage.prompt_tokens);

        const decoded = await client.embeddings.create({ model: "embedder", input });
        for (const [i, item] of decoded.data.entries()) {
            assert.equal(item.embedding.length, 64);
            item.embedding.forEach((value, j) => assert.ok(Math.abs(value - expected[i]![j]!) < 1e-6, `[${i}][${j}] ${value}`));
        }

        const short = await client.embeddings.create({
            model: "embedder",
            input: "Once upon a time",
            dimensions: 16,
            encoding_format: "float"
        });
        assert.equal(short.data[0]!.embedding.length, 16);
    });

    test("models: the list and one model, with namespaced names encoded or not", async () => {
        const copied = await fetch(`${kettle.url}/api/copy`, {
            method: "POST",
            body: JSON.stringify({ source: "chat", destination: "me/thing:v1" })
        });
        assert.equal(copied.status, 200);
        const ids: string[] = [];
        for await (const model of client.models.list()) {
            assert.equal(model.object, "model");
            assert.ok(Math.abs(model.created - Date.now() / 1000) < 600, `created is the manifest's time: ${model.created}`);
            ids.push(model.id);
        }
        assert.ok(
            ["chat:latest", "embedder:latest", "me/thing:v1"].every((id) => ids.includes(id)),
            ids.join(", ")
        );

        const chat = await client.models.retrieve("chat");
        assert.deepEqual([chat.id, chat.object, chat.owned_by], ["chat", "model", "library"]);
        const namespaced = await client.models.retrieve("me/thing:v1");
        assert.deepEqual([namespaced.id, namespaced.owned_by], ["me/thing:v1", "me"]);
        const unencoded = await fetch(`${kettle.url}/v1/models/me/thing:v1`);
        assert.equal(((await unencoded.json()) as { id: string }).id, "me/thing:v1");

        await rejectsWith(client.models.retrieve("nope"), OpenAI.NotFoundError, 404, /model 'nope:latest' not found/);
    });

    test("errors come back as openai-node's classes with useful messages", async () => {
        await rejectsWith(
            client.chat.completions.create({ model: "nope", messages: hi }),
            OpenAI.NotFoundError,
            404,
            /model 'nope:latest' not found/
        );
        await rejectsWith(
            client.chat.completions.create({ model: "chat", messages: [] }),
            OpenAI.BadRequestError,
            400,
            /too short - 'messages'/
        );
        await rejectsWith(
            client.chat.completions.create({ model: "chat", messages: hi, n: 2 }),
            OpenAI.BadRequestError,
            400,
            /n > 1 is not supported/
        );
        await rejectsWith(
            client.embeddings.create({ model: "embedder", input: "x", encoding_format: "int8" as "float" }),
            OpenAI.BadRequestError,
            400,
            /Invalid value for 'encoding_format'/
        );
        await rejectsWith(
            client.chat.completions.create({
                model: "chat",
                messages: hi,
                tools: [{ type: "function", function: { name: "get_weather" } }],
                tool_choice: { type: "function", function: { name: "get_time" } }
            }),
            OpenAI.BadRequestError,
            400,
            /"get_time", which is not in tools/
        );
        await rejectsWith(
            client.chat.completions.create({
                model: "chat",
                messages: hi,
                response_format: { type: "json_schema", json_schema: { name: "not a name!", schema: { type: "object" } } }
            }),
            OpenAI.BadRequestError,
            400,
            /json_schema\.name must be 1 to 64 letters/
        );
        await rejectsWith(
            client.chat.completions.create({
                model: "chat",
                messages: hi,
                response_format: {
                    type: "json_schema",
                    json_schema: { name: "card", schema: "object" as unknown as Record<string, unknown> }
                }
            }),
            OpenAI.BadRequestError,
            400,
            /response_format\.json_schema\.schema: expected Object but got "object"/
        );
        await rejectsWith(
            client.chat.completions.create({
                model: "chat",
                messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://example.com/cat.png" } }] }]
            }),
            OpenAI.BadRequestError,
            400,
            /only base64 data URLs/
        );
        await rejectsWith(
            client.chat.completions.create({
                model: "chat",
                messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } }] }]
            }),
            OpenAI.BadRequestError,
            400,
            /"chat" does not support images/
        );
        // A model without pooling embeds too (its last token's output), as with Ollama.
        assert.equal((await client.embeddings.create({ model: "chat", input: "x" })).data[0]!.embedding.length, 64);
        await rejectsWith(
            client.embeddings.create({ model: "embedder", input: [[1, 2, 3]] }),
            OpenAI.BadRequestError,
            400,
            /token arrays are not supported/
        );
    });

    test("errors on the wire: OpenAI's envelope, JSON content type, for native errors too", async () => {
        const post = (path: string, body: unknown) => fetch(`${kettle.url}${path}`, { method: "POST", body: JSON.stringify(body) });
        const badRequest = await post("/v1/chat/completions", { model: "chat", messages: hi, temperature: "hot" });
        assert.equal(badRequest.status, 400);
        assert.equal(badRequest.headers.get("content-type"), "application/json; charset=utf-8");
        const body = (await badRequest.json()) as { error: Record<string, unknown> };
        assert.deepEqual(Object.keys(body), ["error"]);
        assert.deepEqual(
            { ...body.error, message: "…" },
            { message: "…", type: "invalid_request_error", param: "temperature", code: null }
        );
        assert.match(body.error.message as string, /temperature: expected number but got "hot"/);

        const notFound = await post("/v1/completions", { model: "nope", prompt: "x" });
        assert.deepEqual(await notFound.json(), {
            error: { message: "model 'nope:latest' not found", type: "not_found_error", param: null, code: null }
        });
        const missingModel = await post("/v1/embeddings", { input: "x" });
        assert.equal(missingModel.status, 400);
        assert.deepEqual(((await missingModel.json()) as { error: { message: string } }).error.message, "model is required");

        // The native endpoint keeps its own shape: the adapters do not change it.
        const native = await readNdjson(await post("/api/chat", { model: "nope", messages: hi }));
        assert.deepEqual(native, [{ error: "model 'nope:latest' not found" }]);
    });
});
