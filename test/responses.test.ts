/**
 * OpenAI's Responses API end to end: a real `kettle serve`, the tiny ChatML model, and the official
 * `openai` client (and Vercel's `ai` SDK, whose default OpenAI provider speaks this API) as callers.
 * The model writes story-like nonsense, so these tests check the protocol (shapes, event order,
 * stored conversations, usage, errors) against the native chat's greedy answers, not quality.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { Ajv } from "ajv";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, streamText } from "ai";
import { startKettle, type Kettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";

const template = (name: string) =>
    readFileSync(fileURLToPath(new URL(`../../test/fixtures/templates/${name}`, import.meta.url)), "utf8").replace(/\n$/, "");

const greedy = { temperature: 0 } as const;

describe("OpenAI Responses API", () => {
    let kettle: Kettle;
    let client: OpenAI;
    /** The native chat's greedy answer for these messages and the prompt's token count. */
    let nativeChat: (
        model: string,
        messages: { role: string; content: string }[],
        tokens: number
    ) => Promise<{ text: string; promptTokens: number }>;
    let promptTokens: (model: string, messages: unknown[]) => Promise<number>;

    before(async () => {
        kettle = await startKettle();
        await kettle.createModel("chat", testModels.chatml);
        await kettle.createModel("tooly", testModels.chatml, { template: template("qwen-tools.gotmpl") });
        await kettle.createModel("thinker", testModels.chatml, { template: template("think.gotmpl") });
        client = new OpenAI({ baseURL: `${kettle.url}/v1`, apiKey: "kettle", maxRetries: 0 });
        const post = async (body: unknown) => {
            const response = await fetch(`${kettle.url}/api/chat`, { method: "POST", body: JSON.stringify(body) });
            assert.equal(response.status, 200);
            return (await response.json()) as { message: { content: string }; prompt_eval_count: number };
        };
        nativeChat = async (model, messages, tokens) => {
            const answer = await post({ model, messages, stream: false, options: { temperature: 0, top_p: 1, num_predict: tokens } });
            return { text: answer.message.content, promptTokens: answer.prompt_eval_count };
        };
        promptTokens = async (model, messages) =>
            (await post({ model, messages, stream: false, _debug_render_only: true })).prompt_eval_count;
    });
    after(async () => {
        await kettle?.stop();
    });

    test("responses.create answers a response object with the native chat's greedy text and real usage", async () => {
        const response = await client.responses.create({
            model: "chat",
            instructions: "You tell stories.",
            input: "Tell me a story.",
            max_output_tokens: 12,
            ...greedy
        });
        assert.match(response.id, /^resp_[0-9a-f]{24}$/);
        assert.equal(response.object, "response");
        assert.equal(response.model, "chat");
        assert.equal(response.instructions, "You tell stories.");
        assert.equal(typeof response.created_at, "number");
        const native = await nativeChat(
            "chat",
            [
                { role: "system", content: "You tell stories." },
                { role: "user", content: "Tell me a story." }
            ],
            12
        );
        assert.equal(response.output.length, 1);
        const message = response.output[0]!;
        assert.equal(message.type, "message");
        assert.ok(message.type === "message" && message.role === "assistant");
        assert.match(message.id, /^msg_/);
        assert.equal(response.output_text, native.text, "the SDK's output_text is the message's output_text");
        assert.equal(response.usage!.input_tokens, native.promptTokens);
        assert.equal(response.usage!.output_tokens, 12);
        assert.equal(response.usage!.total_tokens, native.promptTokens + 12);
        // Stopped by max_output_tokens: incomplete, as OpenAI reports it.
        assert.equal(response.status, "incomplete");
        assert.deepEqual(response.incomplete_details, { reason: "max_output_tokens" });
        assert.equal(message.type === "message" && message.status, "incomplete");
    });

    test("responses.stream sends OpenAI's events in order, numbered, and the final response is the stored one", async () => {
        const stream = client.responses.stream({ model: "chat", input: "Tell me a story.", max_output_tokens: 10, ...greedy });
        const events: { type: string; sequence_number: number }[] = [];
        let deltas = "";
        for await (const event of stream) {
            events.push(event);
            if (event.type === "response.output_text.delta") deltas += event.delta;
        }
        const final = await stream.finalResponse();
        const types = events.map((event) => event.type);
        assert.deepEqual(types.slice(0, 5), [
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.content_part.added",
            "response.output_text.delta"
        ]);
        assert.deepEqual(types.slice(-4), [
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.incomplete"
        ]);
        assert.deepEqual(
            events.map((event) => event.sequence_number),
            events.map((_, i) => i)
        );
        assert.equal(deltas, final.output_text);
        assert.equal(deltas, (await nativeChat("chat", [{ role: "user", content: "Tell me a story." }], 10)).text);
        const stored = await client.responses.retrieve(final.id);
        assert.equal(stored.output_text, final.output_text);
        assert.deepEqual(stored.usage, final.usage);
    });

    test("previous_response_id continues the stored conversation; input_items lists the turn's input; delete forgets it", async () => {
        const first = await client.responses.create({ model: "chat", input: "Tell me a story.", max_output_tokens: 6, ...greedy });
        const second = await client.responses.create({
            model: "chat",
            previous_response_id: first.id,
            input: [{ role: "user", content: "And then?" }],
            max_output_tokens: 6,
            ...greedy
        });
        assert.equal(second.previous_response_id, first.id);
        // The second prompt is the whole conversation: the first turn, its answer, the new message.
        const conversation = [
            { role: "user", content: "Tell me a story." },
            { role: "assistant", content: first.output_text },
            { role: "user", content: "And then?" }
        ];
        assert.equal(second.usage!.input_tokens, await promptTokens("chat", conversation));

        const items = await client.responses.inputItems.list(second.id);
        assert.equal(items.data.length, 1);
        const item = items.data[0]!;
        assert.ok(item.type === "message" && item.role === "user");
        assert.deepEqual(item.type === "message" && item.content, [{ type: "input_text", text: "And then?" }]);

        const deleted = await fetch(`${kettle.url}/v1/responses/${second.id}`, { method: "DELETE" });
        assert.deepEqual(await deleted.json(), { id: second.id, object: "response", deleted: true });
        await assert.rejects(client.responses.delete(second.id), OpenAI.NotFoundError, "deleted once");
        await assert.rejects(client.responses.retrieve(second.id), (error: unknown) => {
            assert.ok(error instanceof OpenAI.NotFoundError);
            assert.match(error.message, /Response with id 'resp_[0-9a-f]+' not found/);
            return true;
        });
        await assert.rejects(
            client.responses.create({ model: "chat", previous_response_id: second.id, input: "more" }),
            OpenAI.NotFoundError,
            "continuing from a deleted response is a 404"
        );
    });

    test("store: false keeps nothing", async () => {
        const response = await client.responses.create({ model: "chat", input: "Hi", store: false, max_output_tokens: 2 });
        assert.equal((response as { store?: boolean }).store, false);
        await assert.rejects(client.responses.retrieve(response.id), OpenAI.NotFoundError);
    });

    test("function calls round trip: a forced call comes back as a function_call item, its output continues the conversation", async () => {
        const tools: OpenAI.Responses.FunctionTool[] = [
            {
                type: "function",
                name: "get_weather",
                description: "The current weather in a city",
                parameters: { type: "object", properties: { city: { type: "string", enum: ["Paris", "Rome"] } }, required: ["city"] },
                strict: true
            }
        ];
        const called = await client.responses.create({
            model: "tooly",
            input: "Weather in Paris?",
            tools,
            tool_choice: { type: "function", name: "get_weather" },
            max_output_tokens: 200
        });
        const call = called.output.find((item) => item.type === "function_call");
        assert.ok(call && call.type === "function_call", JSON.stringify(called.output));
        assert.equal(call.name, "get_weather");
        assert.match(call.call_id, /^call_/);
        assert.ok(["Paris", "Rome"].includes((JSON.parse(call.arguments) as { city: string }).city), call.arguments);
        assert.equal(called.status, "completed");

        const answered = await client.responses.create({
            model: "tooly",
            previous_response_id: called.id,
            input: [{ type: "function_call_output", call_id: call.call_id, output: "sunny, 21C" }],
            tools,
            max_output_tokens: 4,
            ...greedy
        });
        const conversation = [
            { role: "user", content: "Weather in Paris?" },
            {
                role: "assistant",
                content: "",
                tool_calls: [{ id: call.call_id, function: { name: "get_weather", arguments: JSON.parse(call.arguments) } }]
            },
            { role: "tool", content: "sunny, 21C", tool_name: "get_weather", tool_call_id: call.call_id }
        ];
        const expected = await fetch(`${kettle.url}/api/chat`, {
            method: "POST",
            body: JSON.stringify({
                model: "tooly",
                messages: conversation,
                tools: [{ type: "function", function: tools[0] }],
                stream: false,
                _debug_render_only: true
            })
        });
        const rendered = (await expected.json()) as { prompt_eval_count: number; _debug_info: { rendered_template: string } };
        assert.match(rendered._debug_info.rendered_template, /<tool_response>\nsunny, 21C\n<\/tool_response>/);
        assert.equal(answered.usage!.input_tokens, rendered.prompt_eval_count, "the call and its output reached the prompt");

        // Streamed: the call's arguments as deltas, then done with the name.
        const events: string[] = [];
        const stream = client.responses.stream({
            model: "tooly",
            input: "Weather in Rome?",
            tools,
            tool_choice: "required",
            max_output_tokens: 200
        });
        for await (const event of stream) events.push(event.type);
        assert.ok(events.includes("response.function_call_arguments.delta"), events.join());
        assert.ok(events.indexOf("response.function_call_arguments.done") > events.indexOf("response.function_call_arguments.delta"));
        assert.equal((await stream.finalResponse()).output.at(-1)!.type, "function_call");
    });

    test("text.format json_schema constrains the output to the schema", async () => {
        const schema = {
            type: "object",
            properties: { name: { type: "string", maxLength: 12 }, age: { type: "integer" } },
            required: ["name", "age"],
            additionalProperties: false
        };
        const response = await client.responses.create({
            model: "chat",
            input: "Make up a person.",
            text: { format: { type: "json_schema", name: "person", schema, strict: true } },
            max_output_tokens: 300,
            ...greedy
        });
        const value: unknown = JSON.parse(response.output_text);
        const validate = new Ajv().compile(schema);
        assert.ok(validate(value), `${response.output_text}: ${JSON.stringify(validate.errors)}`);
        const json = await client.responses.create({
            model: "chat",
            input: "Some JSON.",
            text: { format: { type: "json_object" } },
            max_output_tokens: 200
        });
        if (json.status === "completed") JSON.parse(json.output_text);
    });

    test("reasoning.effort on a thinking model: the reasoning comes back as a reasoning item before the message", async () => {
        const response = await client.responses.create({
            model: "thinker",
            input: "Tell me a story.",
            reasoning: { effort: "low" },
            max_output_tokens: 8,
            ...greedy
        });
        const reasoning = response.output[0]!;
        assert.equal(reasoning.type, "reasoning", JSON.stringify(response.output));
        assert.ok(reasoning.type === "reasoning" && reasoning.summary[0]!.text.length > 0);
        const events: string[] = [];
        for await (const event of client.responses.stream({
            model: "thinker",
            input: "Tell me a story.",
            reasoning: { effort: "low" },
            max_output_tokens: 8,
            ...greedy
        }))
            events.push(event.type);
        assert.ok(events.includes("response.reasoning_summary_text.delta"), events.join());
    });

    test("bad input gets OpenAI's error shape with the field named", async () => {
        const post = async (body: unknown) => {
            const response = await fetch(`${kettle.url}/v1/responses`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify(body)
            });
            return {
                status: response.status,
                body: (await response.json()) as { error: { message: string; type: string; param: string | null } }
            };
        };
        const pixel =
            "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
        const cases: [unknown, number, RegExp, string | null][] = [
            [{ input: "hi" }, 400, /model is required/, "model"],
            [{ model: "chat" }, 400, /input is required/, "input"],
            [{ model: "chat", input: [{ role: "robot", content: "x" }] }, 400, /input\[0\]\.role must be one of/, "input[0].role"],
            [{ model: "chat", input: [{ type: "web_search_call" }] }, 400, /not supported/, "input[0].type"],
            [{ model: "chat", input: "hi", temperature: "hot" }, 400, /temperature/, "temperature"],
            [{ model: "chat", input: "hi", previous_response_id: "resp_nope" }, 404, /Response with id 'resp_nope' not found/, null],
            [{ model: "missing", input: "hi" }, 404, /not found/, null],
            [
                { model: "chat", input: [{ role: "user", content: [{ type: "input_image", image_url: pixel }] }] },
                400,
                /does not support images/,
                null
            ],
            [
                { model: "chat", input: "hi", text: { format: { type: "json_schema", name: "x" } } },
                400,
                /text\.format\.schema is required/,
                "text.format.schema"
            ]
        ];
        for (const [body, status, message, param] of cases) {
            const answer = await post(body);
            assert.equal(answer.status, status, JSON.stringify(body));
            assert.match(answer.body.error.message, message, JSON.stringify(body));
            assert.equal(answer.body.error.type, status === 404 ? "not_found_error" : "invalid_request_error");
            if (param !== null) assert.equal(answer.body.error.param, param, JSON.stringify(body));
        }
        const input = await fetch(`${kettle.url}/v1/responses/resp_nope/input_items`);
        assert.equal(input.status, 404);
    });

    test("/v1/responses is a batch endpoint: each line's body is the response object", async () => {
        const lines = ["Tell me a story.", "Hi"].map((input, i) =>
            JSON.stringify({
                custom_id: `r${i}`,
                method: "POST",
                url: "/v1/responses",
                body: { model: "chat", input, max_output_tokens: 4, temperature: 0 }
            })
        );
        const file = await client.files.create({ file: new File([lines.join("\n")], "responses.jsonl"), purpose: "batch" });
        let batch = await client.batches.create({ input_file_id: file.id, endpoint: "/v1/responses", completion_window: "24h" });
        while (!["completed", "failed", "expired", "cancelled"].includes(batch.status)) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            batch = await client.batches.retrieve(batch.id);
        }
        assert.equal(batch.status, "completed", JSON.stringify(batch.errors));
        if (batch.error_file_id) assert.fail(`${await (await client.files.content(batch.error_file_id)).text()}\n${kettle.logs()}`);
        const output = await (await client.files.content(batch.output_file_id!)).text();
        const results = output
            .trim()
            .split("\n")
            .map((line) => JSON.parse(line) as { custom_id: string; response: { status_code: number; body: OpenAI.Responses.Response } });
        assert.deepEqual(results.map((result) => result.custom_id).sort(), ["r0", "r1"]);
        for (const result of results) {
            assert.equal(result.response.status_code, 200);
            assert.equal(result.response.body.object, "response");
            assert.equal(result.response.body.usage!.output_tokens, 4);
        }
    });

    test("Vercel's ai SDK with its default OpenAI provider (the Responses API): generateText and streamText", async () => {
        const openai = createOpenAI({ baseURL: `${kettle.url}/v1`, apiKey: "kettle" });
        const native = await nativeChat("chat", [{ role: "user", content: "Tell me a story." }], 8);
        const generated = await generateText({ model: openai("chat"), prompt: "Tell me a story.", temperature: 0, maxOutputTokens: 8 });
        assert.equal(generated.text, native.text);
        assert.equal(generated.usage.outputTokens, 8);
        const streamed = streamText({ model: openai("chat"), prompt: "Tell me a story.", temperature: 0, maxOutputTokens: 8 });
        let text = "";
        for await (const part of streamed.textStream) text += part;
        assert.equal(text, native.text);
    });
});
