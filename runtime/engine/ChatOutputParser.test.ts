import { test } from "node:test";
import assert from "node:assert/strict";
import { ChatOutputParser, type ParsedOutput } from "./ChatOutputParser.js";
import type { OutputSyntax } from "./RenderedPrompt.js";

/** Feeds `text` in pieces of `size` characters (1 = the worst case for held-back markers) and joins the results. */
function parse(syntax: OutputSyntax, text: string, size = 1, options: { inCall?: boolean } = {}): ParsedOutput {
    const parser = new ChatOutputParser(syntax, options);
    const all: ParsedOutput = { content: "", thinking: "", toolCalls: [] };
    const add = (part: ParsedOutput) => {
        all.content += part.content;
        all.thinking += part.thinking;
        all.toolCalls.push(...part.toolCalls);
    };
    for (let i = 0; i < text.length; i += size) add(parser.push(text.slice(i, i + size)));
    add(parser.flush());
    return all;
}

const think = { open: "<think>", close: "</think>", startsInside: false, keep: true };
const qwenCalls = { kind: "json", prefix: "<tool_call>", suffix: "</tool_call>" } as const;

test("reasoning is split from the answer, in any piece sizes", () => {
    for (const size of [1, 3, 100]) {
        const out = parse({ thinking: think }, "<think>Let me see.</think>\n\nIt is 4.", size);
        assert.equal(out.thinking, "Let me see.");
        assert.equal(out.content, "It is 4.");
    }
});

test("a prompt that opened the reasoning, and reasoning that is dropped when think is off", () => {
    assert.deepEqual(parse({ thinking: { ...think, startsInside: true } }, "hmm</think>ok"), {
        content: "ok",
        thinking: "hmm",
        toolCalls: []
    });
    assert.deepEqual(parse({ thinking: { ...think, keep: false } }, "<think>hmm</think>ok"), {
        content: "ok",
        thinking: "",
        toolCalls: []
    });
});

test("text that only starts like a marker is answer text", () => {
    assert.equal(parse({ thinking: think }, "<thin ice").content, "<thin ice");
    assert.equal(parse({ toolCalls: qwenCalls }, "a <tool_ca").content, "a <tool_ca");
});

test("tool calls behind a marker are parsed with ids and indexes", () => {
    const text =
        'Sure.<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>\n<tool_call>{"name":"get_time","arguments":{}}</tool_call>';
    for (const size of [1, 7, 1000]) {
        const out = parse({ toolCalls: qwenCalls }, text, size);
        assert.equal(out.content, "Sure.");
        assert.deepEqual(
            out.toolCalls.map((call) => call.function),
            [
                { index: 0, name: "get_weather", arguments: { city: "Paris" } },
                { index: 1, name: "get_time", arguments: {} }
            ]
        );
        for (const call of out.toolCalls) assert.match(call.id!, /^call_[a-z0-9]{8}$/);
    }
});

test("without a marker, only output that starts with JSON is a call; arrays and string arguments are accepted", () => {
    const bare = { toolCalls: { kind: "json", prefix: "", suffix: "" } } as const;
    const out = parse(bare, ' [{"name": "f", "parameters": "{\\"x\\": 1}"}, {"function": {"name": "g", "arguments": {"y": "}"}}}]');
    assert.deepEqual(
        out.toolCalls.map((call) => [call.function.name, call.function.arguments]),
        [
            ["f", { x: 1 }],
            ["g", { y: "}" }]
        ]
    );
    assert.equal(parse(bare, 'Here: {"name": "f"}').toolCalls.length, 0);
});

test("a call that never completes or is not a call comes back as text", () => {
    assert.equal(parse({ toolCalls: qwenCalls }, '<tool_call>{"name": "f", "argu').content, '<tool_call>{"name": "f", "argu');
    assert.equal(parse({ toolCalls: qwenCalls }, '<tool_call>{"nom": 1}').content, '<tool_call>{"nom": 1}');
    assert.equal(parse({ toolCalls: qwenCalls }, "<tool_call> just words").content, "<tool_call> just words");
});

test("node-llama-cpp style calls: prefix, name, params prefix, JSON, suffix", () => {
    const syntax = {
        toolCalls: { kind: "named", prefix: '<tool_call>\n{"name": "', paramsPrefix: '", "arguments": ', suffix: "}\n</tool_call>" }
    } as const;
    const out = parse(syntax, '<tool_call>\n{"name": "lookup", "arguments": {"q": "tea"}}\n</tool_call>Done');
    assert.deepEqual(out.toolCalls[0]!.function, { index: 0, name: "lookup", arguments: { q: "tea" } });
    assert.equal(out.content, "Done");
});

test("a forced call starts inside the call", () => {
    const out = parse({ toolCalls: qwenCalls }, '{"name": "f", "arguments": {"a": [1, 2]}}', 2, { inCall: true });
    assert.deepEqual(out.toolCalls[0]!.function.arguments, { a: [1, 2] });
    assert.equal(out.content, "");
});
