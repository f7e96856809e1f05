import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCountTokensRequest, parseMessagesRequest } from "./messagesRequest.js";
import { toOllamaChat } from "./toOllamaChat.js";

const canThink = { canThink: true };

function translate(body: Record<string, unknown>, model = canThink) {
    return toOllamaChat(parseMessagesRequest({ model: "m", max_tokens: 32, ...body }), model);
}

function rejects(body: Record<string, unknown>, message: string | RegExp): void {
    assert.throws(
        () => translate(body),
        (error: Error) => {
            assert.equal(error.name, "BadRequestError");
            if (typeof message === "string") assert.equal(error.message, message);
            else assert.match(error.message, message);
            return true;
        }
    );
}

test("sampling fields become Ollama options; the body always streams", () => {
    const chat = translate({
        messages: [{ role: "user", content: "Hi" }],
        temperature: 0.5,
        top_p: 0.9,
        top_k: 40,
        stop_sequences: ["END"],
        metadata: { user_id: "u1" }
    });
    assert.deepEqual(chat, {
        model: "m",
        messages: [{ role: "user", content: "Hi" }],
        stream: true,
        options: { num_predict: 32, temperature: 0.5, top_p: 0.9, top_k: 40, stop: ["END"] }
    });
});

test("system (string or text blocks) comes first; text blocks are joined with a blank line", () => {
    const blocks = translate({
        system: [
            { type: "text", text: "Be brief." },
            { type: "text", text: "Be kind.", cache_control: { type: "ephemeral" } }
        ],
        messages: [
            {
                role: "user",
                content: [
                    { type: "text", text: "one" },
                    { type: "text", text: "two" }
                ]
            }
        ]
    });
    assert.deepEqual(blocks.messages, [
        { role: "system", content: "Be brief.\n\nBe kind." },
        { role: "user", content: "one\n\ntwo" }
    ]);
    assert.deepEqual(translate({ system: "S", messages: [{ role: "user", content: "x" }] }).messages[0], { role: "system", content: "S" });
    assert.equal(translate({ system: "", messages: [{ role: "user", content: "x" }] }).messages[0]!.role, "user");
});

test("tool_use becomes assistant tool_calls; tool_result a tool message named after its call, before the user's text", () => {
    const chat = translate({
        tools: [
            {
                name: "get_weather",
                description: "Weather for a city",
                input_schema: { type: "object", properties: { city: { type: "string" } } }
            }
        ],
        messages: [
            { role: "user", content: "Weather in Paris?" },
            {
                role: "assistant",
                content: [
                    { type: "thinking", thinking: "I should call the tool.", signature: "" },
                    { type: "text", text: "Let me check." },
                    { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } }
                ]
            },
            {
                role: "user",
                content: [
                    { type: "tool_result", tool_use_id: "toolu_1", content: [{ type: "text", text: "18C" }] },
                    { type: "text", text: "Thanks" }
                ]
            }
        ]
    });
    assert.deepEqual(chat.tools, [
        {
            type: "function",
            function: {
                name: "get_weather",
                description: "Weather for a city",
                parameters: { type: "object", properties: { city: { type: "string" } } }
            }
        }
    ]);
    assert.deepEqual(chat.messages, [
        { role: "user", content: "Weather in Paris?" },
        {
            role: "assistant",
            content: "Let me check.",
            thinking: "I should call the tool.",
            tool_calls: [{ id: "toolu_1", function: { name: "get_weather", arguments: { city: "Paris" } } }]
        },
        { role: "tool", content: "18C", tool_name: "get_weather", tool_call_id: "toolu_1" },
        { role: "user", content: "Thanks" }
    ]);
});

test("tool_choice maps to Kettle's native extension", () => {
    const tools = [{ name: "a", input_schema: { type: "object" } }];
    const messages = [{ role: "user", content: "x" }];
    assert.equal(translate({ tools, messages, tool_choice: { type: "auto" } }).tool_choice, "auto");
    assert.equal(translate({ tools, messages, tool_choice: { type: "any", disable_parallel_tool_use: true } }).tool_choice, "required");
    assert.equal(translate({ tools, messages, tool_choice: { type: "none" } }).tool_choice, "none");
    assert.deepEqual(translate({ tools, messages, tool_choice: { type: "tool", name: "a" } }).tool_choice, {
        type: "function",
        function: { name: "a" }
    });
    assert.equal(translate({ messages }).tool_choice, undefined);
    rejects({ tools, messages, tool_choice: { type: "tool", name: "b" } }, `tool_choice.name: "b" is not the name of one of the tools`);
    rejects(
        { tools: [{ type: "web_search_20250305", name: "web_search" }], messages },
        /^tools\.0\.type: server tool "web_search_20250305"/
    );
});

test("thinking → think for a thinking model, dropped for any other; output_config sets a level and a format", () => {
    const messages = [{ role: "user", content: "x" }];
    assert.equal(translate({ messages, thinking: { type: "enabled", budget_tokens: 2048 } }).think, true);
    assert.equal(translate({ messages, thinking: { type: "adaptive" } }).think, true);
    assert.equal(translate({ messages, thinking: { type: "disabled" } }).think, false);
    assert.equal("think" in translate({ messages, thinking: { type: "enabled", budget_tokens: 2048 } }, { canThink: false }), false);
    assert.equal(translate({ messages, output_config: { effort: "low" } }).think, "low");
    assert.equal(translate({ messages, output_config: { effort: "xhigh" } }).think, "high");
    const schema = { type: "object", properties: { n: { type: "integer" } } };
    assert.deepEqual(translate({ messages, output_config: { format: { type: "json_schema", schema } } }).format, schema);
});

test("images go to the user message's images; only base64 sources", () => {
    const image = { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } };
    const chat = translate({ messages: [{ role: "user", content: [image, { type: "text", text: "What is it?" }] }] });
    assert.deepEqual(chat.messages, [{ role: "user", content: "What is it?", images: ["iVBORw0KGgo="] }]);
    rejects(
        { messages: [{ role: "user", content: [{ type: "image", source: { type: "url", url: "https://example.com/a.png" } }] }] },
        `messages.0.content.0.source.type: image source "url" is not supported; send the image as "base64" data`
    );
});

test("bad requests are 400s that name the field", () => {
    const messages = [{ role: "user", content: "x" }];
    assert.throws(() => parseMessagesRequest({ model: "m", messages }), { message: "max_tokens: Field required" });
    assert.throws(() => parseMessagesRequest({ max_tokens: 5, messages }), { message: "model: Field required" });
    rejects({ messages: [] }, "messages: at least one message is required");
    rejects({ messages: [{ role: "tool", content: "x" }] }, `messages.0.role: expected ("user" | "assistant" | "system") but got "tool"`);
    rejects({ max_tokens: "5", messages }, `max_tokens: expected number but got "5"`);
    rejects(
        { messages: [{ role: "user", content: [{ type: "document", source: {} }] }] },
        `messages.0.content.0.type: unknown content block type "document"; expected one of text, image, tool_use, tool_result, thinking, redacted_thinking`
    );
    rejects({ messages: [{ role: "user", content: [{ type: "text" }] }] }, "messages.0.content.0.text: Field required");
    rejects({ messages: [{ role: "user", content: ["hi"] }] }, `messages.0.content.0: expected a content block object but got "hi"`);
    rejects(
        { messages: [{ role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_9", content: "42" }] }] },
        `messages.0.content.0.tool_use_id: no tool_use block with id "toolu_9" comes before this tool_result in the conversation`
    );
    rejects(
        { messages: [{ role: "user", content: [{ type: "tool_use", id: "t", name: "a", input: {} }] }] },
        "messages.0.content.0: a tool_use block cannot be in a user message"
    );
});

test("count_tokens reads the prompt fields and needs no max_tokens", () => {
    const chat = toOllamaChat(parseCountTokensRequest({ model: "m", system: "S", messages: [{ role: "user", content: "x" }] }), canThink);
    assert.deepEqual(chat, {
        model: "m",
        messages: [
            { role: "system", content: "S" },
            { role: "user", content: "x" }
        ],
        stream: true,
        options: {}
    });
});
