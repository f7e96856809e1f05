import { test } from "node:test";
import assert from "node:assert/strict";
import type { ResponseChunk } from "../ollama/types.js";
import { messageEvents } from "./messageEvents.js";
import { messageFromEvents } from "./messageFromEvents.js";
import type { MessageStreamEvent } from "./types.js";

const start = { id: "msg_1", model: "m", inputTokens: 7 };

async function collect(chunks: ResponseChunk[]): Promise<MessageStreamEvent[]> {
    const events: MessageStreamEvent[] = [];
    for await (const event of messageEvents(chunks, start)) events.push(event);
    return events;
}

const final = (doneReason: string): ResponseChunk => ({
    message: { role: "assistant", content: "" },
    done: true,
    done_reason: doneReason,
    prompt_eval_count: 9,
    eval_count: 5
});

test("text chunks make one text block between message_start and message_delta/message_stop", async () => {
    const events = await collect([
        { message: { role: "assistant", content: "Hel" }, done: false },
        { message: { role: "assistant", content: "lo" }, done: false },
        final("stop")
    ]);
    assert.deepEqual(
        events.map((event) => event.type),
        [
            "message_start",
            "content_block_start",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop"
        ]
    );
    assert.deepEqual(events[0], {
        type: "message_start",
        message: {
            id: "msg_1",
            type: "message",
            role: "assistant",
            model: "m",
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: 7, output_tokens: 0 }
        }
    });
    assert.deepEqual(events[5], {
        type: "message_delta",
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: { input_tokens: 9, output_tokens: 5 }
    });
});

test("thinking, then text, then tool calls each get their own block, in order; a tool call sets stop_reason tool_use", async () => {
    const chunks: ResponseChunk[] = [
        { message: { role: "assistant", content: "", thinking: "Let me " }, done: false },
        { message: { role: "assistant", content: "", thinking: "think." }, done: false },
        { message: { role: "assistant", content: "Calling." }, done: false },
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
        final("stop")
    ];
    const events = await collect(chunks);
    const summary = events.map((event) =>
        event.type === "content_block_start"
            ? `start ${event.index} ${event.content_block.type}`
            : event.type === "content_block_delta"
              ? `delta ${event.index} ${event.delta.type}`
              : event.type === "content_block_stop"
                ? `stop ${event.index}`
                : event.type
    );
    assert.deepEqual(summary, [
        "message_start",
        "start 0 thinking",
        "delta 0 thinking_delta",
        "delta 0 thinking_delta",
        "stop 0",
        "start 1 text",
        "delta 1 text_delta",
        "stop 1",
        "start 2 tool_use",
        "delta 2 input_json_delta",
        "stop 2",
        "start 3 tool_use",
        "delta 3 input_json_delta",
        "stop 3",
        "message_delta",
        "message_stop"
    ]);

    const message = await messageFromEvents(messageEvents(chunks, start));
    assert.deepEqual(message, {
        id: "msg_1",
        type: "message",
        role: "assistant",
        model: "m",
        content: [
            { type: "thinking", thinking: "Let me think.", signature: "" },
            { type: "text", text: "Calling." },
            { type: "tool_use", id: "call_abcd1234", name: "get_weather", input: { city: "Paris" } },
            { type: "tool_use", id: "call_efgh5678", name: "get_time", input: {} }
        ],
        stop_reason: "tool_use",
        stop_sequence: null,
        usage: { input_tokens: 9, output_tokens: 5 }
    });
});

test("done_reason length is max_tokens; an empty generation has no blocks", async () => {
    const message = await messageFromEvents(messageEvents([final("length")], start));
    assert.deepEqual(message.content, []);
    assert.equal(message.stop_reason, "max_tokens");
});

test("a native stream that ends without its final chunk is an error", async () => {
    await assert.rejects(collect([{ message: { role: "assistant", content: "x" }, done: false }]), {
        name: "StreamedError",
        message: "the generation ended without its final chunk"
    });
});
