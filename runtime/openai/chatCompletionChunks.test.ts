import { test } from "node:test";
import assert from "node:assert/strict";
import OpenAI from "openai";
import { chatCompletion } from "./chatCompletion.js";
import { chatCompletionChunks } from "./chatCompletionChunks.js";
import type { ResponseChunk } from "../ollama/types.js";
import { sseResponse } from "./sseResponse.js";

const meta = { id: "chatcmpl-test", created: 1700000000, model: "m", includeUsage: true };

const logprob = (token: string, logprob: number) => ({
    token,
    logprob,
    bytes: [...Buffer.from(token)],
    top_logprobs: [{ token, logprob, bytes: [...Buffer.from(token)] }]
});

/** A native `/api/chat` stream with thinking, content with logprobs, a tool call and a final chunk. */
function nativeTurn(): ResponseChunk[] {
    return [
        { message: { role: "assistant", content: "", thinking: "Let me see" }, done: false },
        { message: { role: "assistant", content: "Hel" }, logprobs: [logprob("Hel", -0.5)], done: false },
        { message: { role: "assistant", content: "lo" }, logprobs: [logprob("lo", -0.25)], done: false },
        {
            message: {
                role: "assistant",
                content: "",
                tool_calls: [
                    { id: "call_abcd1234", function: { index: 0, name: "get_weather", arguments: { city: "Paris" } } },
                    { id: "call_efgh5678", function: { index: 1, name: "get_time", arguments: {} } }
                ]
            },
            done: false
        },
        { message: { role: "assistant", content: "" }, done: true, done_reason: "stop", prompt_eval_count: 12, eval_count: 7 }
    ];
}

async function* items<T>(values: T[]): AsyncGenerator<T> {
    yield* values;
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
    const out: T[] = [];
    for await (const item of source) out.push(item);
    return out;
}

test("chunks: role first, reasoning, content and tool calls apart, then finish and usage", async () => {
    const chunks = await collect(chatCompletionChunks(items(nativeTurn()), meta));
    assert.deepEqual(
        chunks.map((chunk) => chunk.choices[0]?.delta ?? "usage"),
        [
            { role: "assistant", content: "" },
            { reasoning: "Let me see" },
            { content: "Hel" },
            { content: "lo" },
            {
                tool_calls: [
                    { index: 0, id: "call_abcd1234", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
                    { index: 1, id: "call_efgh5678", type: "function", function: { name: "get_time", arguments: "{}" } }
                ]
            },
            {},
            "usage"
        ]
    );
    for (const chunk of chunks) {
        assert.equal(chunk.id, "chatcmpl-test");
        assert.equal(chunk.created, 1700000000);
        assert.equal(chunk.object, "chat.completion.chunk");
    }
    assert.equal(chunks.at(-2)!.choices[0]!.finish_reason, "tool_calls");
    assert.deepEqual(chunks[2]!.choices[0]!.logprobs, {
        content: [
            { token: "Hel", logprob: -0.5, bytes: [72, 101, 108], top_logprobs: [{ token: "Hel", logprob: -0.5, bytes: [72, 101, 108] }] }
        ]
    });
    assert.ok(chunks.slice(0, -1).every((chunk) => chunk.usage === null));
    assert.deepEqual(chunks.at(-1), {
        id: "chatcmpl-test",
        object: "chat.completion.chunk",
        created: 1700000000,
        model: "m",
        system_fingerprint: "fp_kettle",
        choices: [],
        usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 }
    });
});

test("chunks: without include_usage there is no usage field and no usage chunk", async () => {
    const chunks = await collect(chatCompletionChunks(items(nativeTurn()), { ...meta, includeUsage: false }));
    assert.ok(chunks.every((chunk) => !("usage" in chunk) && chunk.choices.length === 1));
});

test("chunks: done_reason length is finish_reason length; a native call without an id gets one", async () => {
    const chunks = await collect(
        chatCompletionChunks(
            items<ResponseChunk>([
                { message: { content: "", tool_calls: [{ function: { name: "f", arguments: { a: 1 } } }] }, done: false },
                { message: { content: "" }, done: true, done_reason: "stop" }
            ]),
            meta
        )
    );
    assert.match(chunks[1]!.choices[0]!.delta.tool_calls![0]!.id, /^call_[a-z0-9]{8}$/);
    const length = await collect(chatCompletionChunks(items<ResponseChunk>([{ done: true, done_reason: "length" }]), meta));
    assert.equal(length.at(-2)!.choices[0]!.finish_reason, "length");
});

test("chatCompletion gathers the same turn into one message", async () => {
    const completion = await chatCompletion(items(nativeTurn()), meta);
    assert.equal(completion.object, "chat.completion");
    assert.deepEqual(completion.choices[0]!.message, {
        role: "assistant",
        content: "Hello",
        reasoning: "Let me see",
        tool_calls: [
            { id: "call_abcd1234", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
            { id: "call_efgh5678", type: "function", function: { name: "get_time", arguments: "{}" } }
        ]
    });
    assert.equal(completion.choices[0]!.finish_reason, "tool_calls");
    assert.deepEqual(
        completion.choices[0]!.logprobs!.content.map((entry) => entry.token),
        ["Hel", "lo"]
    );
    assert.deepEqual(completion.usage, { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 });
});

test("openai-node's stream helper accepts the SSE stream, tool calls included", async () => {
    const client = new OpenAI({
        apiKey: "unused",
        baseURL: "http://kettle.invalid/v1",
        maxRetries: 0,
        fetch: async () => sseResponse(chatCompletionChunks(items(nativeTurn()), meta))
    });
    const stream = client.chat.completions.stream({
        model: "m",
        messages: [{ role: "user", content: "Hi" }],
        stream_options: { include_usage: true }
    });
    const completion = await stream.finalChatCompletion();
    const choice = completion.choices[0]!;
    assert.equal(choice.message.content, "Hello");
    assert.equal(choice.finish_reason, "tool_calls");
    assert.deepEqual(
        choice.message.tool_calls?.map((call) => (call.type === "function" ? [call.id, call.function.name, call.function.arguments] : [])),
        [
            ["call_abcd1234", "get_weather", '{"city":"Paris"}'],
            ["call_efgh5678", "get_time", "{}"]
        ]
    );
    assert.deepEqual(completion.usage, { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 });
});
