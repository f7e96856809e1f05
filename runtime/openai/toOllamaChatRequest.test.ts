import { test } from "node:test";
import assert from "node:assert/strict";
import { BadRequestError } from "../errors/BadRequestError.js";
import { toOllamaChatRequest } from "./toOllamaChatRequest.js";

const user = [{ role: "user", content: "Hi" }];

function rejects(body: Record<string, unknown>, message: RegExp): void {
    assert.throws(
        () => toOllamaChatRequest(body),
        (error: unknown) => error instanceof BadRequestError && message.test(error.message),
        `expected a 400 matching ${message}`
    );
}

test("a plain request becomes a streamed native chat with Ollama's default temperature and top_p", () => {
    const { ollama } = toOllamaChatRequest({ model: "m", messages: user });
    assert.deepEqual(ollama, {
        model: "m",
        messages: [{ role: "user", content: "Hi" }],
        stream: true,
        options: { temperature: 1, top_p: 1 }
    });
});

test("sampling parameters map to Ollama options; explicit ones win over the options extension", () => {
    const { ollama } = toOllamaChatRequest({
        model: "m",
        messages: user,
        stream: false,
        temperature: 0.2,
        seed: 7,
        stop: "END",
        frequency_penalty: 0.5,
        presence_penalty: -0.5,
        max_tokens: 10,
        max_completion_tokens: 20,
        options: { num_ctx: 512, temperature: 0.9, top_p: 0.3, num_predict: 99, top_k: 5 }
    });
    assert.deepEqual(ollama.options, {
        num_ctx: 512,
        temperature: 0.2,
        top_p: 0.3,
        num_predict: 20,
        top_k: 5,
        seed: 7,
        stop: ["END"],
        frequency_penalty: 0.5,
        presence_penalty: -0.5
    });
    assert.equal(ollama.stream, true, "the native handler always streams");
    assert.deepEqual(toOllamaChatRequest({ model: "m", messages: user, stop: ["a", "b"] }).ollama.options.stop, ["a", "b"]);
});

test("messages: developer is system, parts are joined, data-URL images become native images", () => {
    const { ollama } = toOllamaChatRequest({
        model: "m",
        messages: [
            { role: "developer", content: "Be brief." },
            {
                role: "user",
                content: [
                    { type: "text", text: "What is" },
                    { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
                    { type: "text", text: "this?" }
                ]
            },
            { role: "assistant", content: null, reasoning: "hmm" }
        ]
    });
    assert.deepEqual(ollama.messages, [
        { role: "system", content: "Be brief." },
        { role: "user", content: "What is\nthis?", images: ["iVBORw0KGgo="] },
        { role: "assistant", content: "", thinking: "hmm" }
    ]);
});

test("tool calls: arguments are parsed, and a tool result gets its tool's name from the call id", () => {
    const { ollama } = toOllamaChatRequest({
        model: "m",
        messages: [
            ...user,
            {
                role: "assistant",
                content: null,
                tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }]
            },
            { role: "tool", tool_call_id: "call_1", content: "sunny" }
        ],
        tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object" }, strict: true } }],
        tool_choice: { type: "function", function: { name: "get_weather" } }
    });
    assert.deepEqual(ollama.messages, [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "", tool_calls: [{ id: "call_1", function: { name: "get_weather", arguments: { city: "Paris" } } }] },
        { role: "tool", content: "sunny", tool_name: "get_weather", tool_call_id: "call_1" }
    ]);
    assert.deepEqual(ollama.tools, [{ type: "function", function: { name: "get_weather", parameters: { type: "object" } } }]);
    assert.deepEqual(ollama.tool_choice, { type: "function", function: { name: "get_weather" } });
});

test("response_format, reasoning effort and logprobs map to format, think and logprobs", () => {
    const schema = { type: "object", properties: { a: { type: "string" } } };
    const translate = (extra: Record<string, unknown>) => toOllamaChatRequest({ model: "m", messages: user, ...extra }).ollama;
    assert.equal(translate({ response_format: { type: "json_object" } }).format, "json");
    assert.deepEqual(translate({ response_format: { type: "json_schema", json_schema: { name: "thing_1", schema } } }).format, schema);
    assert.equal(translate({ response_format: { type: "text" } }).format, undefined);
    const effort = (value: string) => translate({ reasoning_effort: value }).think;
    assert.deepEqual(["none", "minimal", "low", "medium", "high", "max", "xhigh", "ultra"].map(effort), [
        false,
        "low",
        "low",
        "medium",
        "high",
        "max",
        "max",
        "max"
    ]);
    assert.equal(translate({ reasoning: { effort: "high" } }).think, "high");
    assert.equal(translate({}).think, undefined);
    assert.deepEqual(
        [translate({ logprobs: true, top_logprobs: 3 }).logprobs, translate({ logprobs: true, top_logprobs: 3 }).top_logprobs],
        [true, 3]
    );
});

test("refused with a 400 that says why", () => {
    rejects({ messages: user }, /^model is required$/);
    rejects({ model: "m", messages: [] }, /too short - 'messages'/);
    rejects({ model: "m" }, /too short - 'messages'/);
    rejects({ model: "m", messages: user, n: 2 }, /^n > 1 is not supported$/);
    rejects(
        { model: "m", messages: [{ role: "wizard", content: "x" }] },
        /messages\.0\.role: expected \("system" \| "developer" \| "user" \| "assistant" \| "tool"\) but got "wizard"/
    );
    rejects({ model: "m", messages: user, reasoning_effort: "huge" }, /invalid reasoning_effort "huge"/);
    rejects(
        { model: "m", messages: user, tool_choice: { type: "function", function: { name: "nope" } }, tools: [] },
        /"nope", which is not in tools/
    );
    rejects({ model: "m", messages: user, tool_choice: "required" }, /needs at least one tool/);
    rejects({ model: "m", messages: user, tool_choice: "sometimes" }, /invalid tool_choice/);
    rejects({ model: "m", messages: user, tools: [{ type: "web_search" }] }, /only tools of type "function"/);
    rejects(
        { model: "m", messages: user, response_format: { type: "json_schema", json_schema: { name: "bad name", schema: {} } } },
        /json_schema\.name/
    );
    rejects({ model: "m", messages: user, response_format: { type: "json_schema" } }, /json_schema is required/);
    rejects({ model: "m", messages: user, response_format: { type: "yaml" } }, /invalid response_format\.type "yaml"/);
    rejects({ model: "m", messages: user, top_logprobs: 2 }, /requires logprobs/);
    rejects({ model: "m", messages: user, top_logprobs: 21, logprobs: true }, /top_logprobs/);
    rejects(
        { model: "m", messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://example.com/cat.png" } }] }] },
        /messages\[0\]\.content\[0\]\.image_url\.url: only base64 data URLs/
    );
    rejects(
        { model: "m", messages: [{ role: "user", content: [{ type: "input_audio", input_audio: {} }] }] },
        /"input_audio" are not supported/
    );
    rejects(
        {
            model: "m",
            messages: [{ role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{oops" } }] }]
        },
        /messages\[0\]\.tool_calls\[0\]\.function\.arguments is not valid JSON/
    );
    rejects({ model: "m", messages: user, temperature: "hot" }, /temperature: expected/);
});
