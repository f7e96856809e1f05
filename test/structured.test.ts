/**
 * Structured output, tool calling, thinking and logprobs on the native API, end to end: a real
 * server, the tiny real models, the `ollama` client. The tiny model cannot reason or call tools on
 * its own, so these tests check the protocol and the grammar constraint: every sampled output
 * parses and validates, forced tool calls are valid calls, templates render tools and results.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { Ollama, type Tool } from "ollama";
import { closeJsonPrefix } from "../testing/closeJsonPrefix.js";
import { readNdjson, startKettle, type Kettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/templates/${name}`, import.meta.url));
const makeGguf = fileURLToPath(new URL("../../../shared/tools/make-gguf.mjs", import.meta.url));

/** A fixture template, without the file's final newline (a Modelfile TEMPLATE ends where its text does); or its path. */
function template(name: string, path?: true): string {
    return path ? fixture(name) : readFileSync(fixture(name), "utf8").replace(/\n$/, "");
}

const weatherTool: Tool = {
    type: "function",
    function: {
        name: "get_weather",
        description: "The weather in a city",
        parameters: {
            type: "object",
            properties: { city: { type: "string", description: "City name" }, days: { type: "integer" } },
            required: ["city", "days"]
        }
    }
};
const timeTool: Tool = {
    type: "function",
    function: { name: "get_time", description: "The time now", parameters: { type: "object", properties: {} } }
};

const personSchema = {
    type: "object",
    properties: {
        name: { type: "string" },
        age: { type: "integer" },
        tags: { type: "array", items: { type: "string", enum: ["kind", "brave", "shy"] } }
    },
    required: ["name", "age", "tags"]
};

/** A tiny random-weight GGUF whose Jinja chat template supports tools (Qwen 2.5's), made with ../shared/tools/make-gguf.mjs. */
function jinjaToolsModel(): string {
    const dir = mkdtempSync(join(tmpdir(), "kettle-jinja-"));
    const out = join(dir, "jinja-tools.gguf");
    const made = spawnSync(
        process.execPath,
        [
            makeGguf,
            "--out",
            out,
            "--dim",
            "64",
            "--layers",
            "2",
            "--heads",
            "4",
            "--kv-heads",
            "4",
            "--type",
            "f32",
            "--chat-template",
            template("qwen-tools.jinja", true)
        ],
        { encoding: "utf8" }
    );
    assert.equal(made.status, 0, made.stderr);
    return out;
}

describe("structured output, tools, thinking", () => {
    let kettle: Kettle;
    let ollama: Ollama;

    before(async () => {
        kettle = await startKettle();
        ollama = new Ollama({ host: kettle.url });
        await kettle.createModel("chat", testModels.chatml);
        await kettle.createModel("qwen-tools", testModels.chatml, { template: template("qwen-tools.gotmpl") });
        await kettle.createModel("thinker", testModels.chatml, { template: template("think.gotmpl") });
        await kettle.createModel("jinja-tools", jinjaToolsModel());
    });
    after(async () => {
        await kettle?.stop();
    });

    test("format with a JSON schema: every sampled output parses and validates", async () => {
        const validate = new Ajv().compile(personSchema);
        for (const seed of [1, 2, 3, 4]) {
            const response = await ollama.chat({
                model: "chat",
                messages: [{ role: "user", content: "Describe a person." }],
                format: personSchema,
                options: { temperature: 1, seed, num_predict: 200 }
            });
            const value: unknown = JSON.parse(response.message.content);
            assert.ok(validate(value), `seed ${seed}: ${response.message.content} ${JSON.stringify(validate.errors)}`);
        }
        const generated = await ollama.generate({
            model: "chat",
            prompt: "A person:",
            format: personSchema,
            options: { seed: 7, num_predict: 400 }
        });
        assert.ok(validate(JSON.parse(generated.response ?? "")), generated.response);
        // The grammar would allow blanks forever after the value; generation stops when the value closes.
        assert.equal(generated.done_reason, "stop");
        assert.ok((generated.response ?? "").endsWith("}"), JSON.stringify(generated.response));
        assert.ok(generated.eval_count < 400);
        // "json": llama.cpp's JSON grammar, whose root is an object. This model seldom closes one, so
        // num_predict cuts the output off: closed, it must parse, and be an object.
        const json = await ollama.generate({ model: "chat", prompt: "A person:", format: "json", options: { seed: 7, num_predict: 200 } });
        const parsed: unknown = JSON.parse(closeJsonPrefix(json.response ?? ""));
        assert.ok(typeof parsed === "object" && parsed !== null && !Array.isArray(parsed), json.response);
    });

    test("a format that is not a usable JSON schema is a 400 before anything streams", async () => {
        const response = await fetch(`${kettle.url}/api/chat`, {
            method: "POST",
            body: JSON.stringify({ model: "chat", messages: [{ role: "user", content: "x" }], format: { type: "no-such-type" } })
        });
        assert.equal(response.status, 400);
        assert.match(
            ((await response.json()) as { error: string }).error,
            /invalid JSON schema in format: type: "no-such-type" is not a JSON type/
        );
        const nested = await fetch(`${kettle.url}/api/generate`, {
            method: "POST",
            body: JSON.stringify({ model: "chat", prompt: "x", format: { type: "object", properties: { a: { type: "array", items: 5 } } } })
        });
        assert.equal(nested.status, 400);
        assert.match(((await nested.json()) as { error: string }).error, /properties\.a\.items: expected a schema object/);
    });

    test("a template without tool support refuses tools with Ollama's 400", async () => {
        await assert.rejects(
            ollama.chat({ model: "chat", messages: [{ role: "user", content: "Weather?" }], tools: [weatherTool] }),
            (error: Error & { status_code?: number }) => error.status_code === 400 && /"chat" does not support tools/.test(error.message)
        );
        const shown = await ollama.show({ model: "qwen-tools" });
        assert.ok(shown.capabilities.includes("tools"), JSON.stringify(shown.capabilities));
    });

    test("tools, tool calls and tool results are rendered by the model's template", async () => {
        const response = await fetch(`${kettle.url}/api/chat`, {
            method: "POST",
            body: JSON.stringify({
                model: "qwen-tools",
                _debug_render_only: true,
                tools: [weatherTool],
                messages: [
                    { role: "user", content: "Weather in Paris?" },
                    {
                        role: "assistant",
                        content: "",
                        tool_calls: [{ id: "call_abc12345", function: { name: "get_weather", arguments: { city: "Paris", days: 1 } } }]
                    },
                    { role: "tool", tool_name: "get_weather", content: "sunny, 21C" }
                ]
            })
        });
        assert.equal(response.status, 200);
        const body = (await response.json()) as { _debug_info: { rendered_template: string }; prompt_eval_count: number };
        const prompt = body._debug_info.rendered_template;
        assert.match(prompt, /<tools>\n\{"type": "function", "function": \{"name":"get_weather","description":"The weather in a city"/);
        assert.match(prompt, /<tool_call>\n\{"name": "get_weather", "arguments": \{"city":"Paris","days":1\}\}\n<\/tool_call>/);
        assert.match(prompt, /<tool_response>\nsunny, 21C\n<\/tool_response>/);
        assert.ok(prompt.endsWith("<|im_start|>assistant\n"), prompt);
        assert.ok(body.prompt_eval_count > 50);
    });

    test("a forced tool call is a valid call, with an id, whole or streamed", async () => {
        const validate = new Ajv().compile(weatherTool.function.parameters!);
        for (const seed of [1, 2, 3]) {
            const response = await fetch(`${kettle.url}/api/chat`, {
                method: "POST",
                body: JSON.stringify({
                    model: "qwen-tools",
                    stream: false,
                    tools: [weatherTool, timeTool],
                    tool_choice: { type: "function", function: { name: "get_weather" } },
                    messages: [{ role: "user", content: "Weather in Paris?" }],
                    options: { seed, temperature: 1, num_predict: 120 }
                })
            });
            assert.equal(response.status, 200);
            const body = (await response.json()) as {
                message: { content: string; tool_calls?: { id: string; function: { name: string; arguments: unknown } }[] };
            };
            const calls = body.message.tool_calls ?? [];
            assert.equal(calls.length, 1, JSON.stringify(body));
            assert.match(calls[0]!.id, /^call_[a-z0-9]{8}$/);
            assert.equal(calls[0]!.function.name, "get_weather");
            assert.ok(validate(calls[0]!.function.arguments), JSON.stringify(calls[0]!.function.arguments));
            assert.equal(body.message.content, "");
        }

        const stream = await ollama.chat({
            model: "qwen-tools",
            stream: true,
            tools: [weatherTool, timeTool],
            messages: [{ role: "user", content: "What time is it?" }],
            // tool_choice is Kettle's extension; the ollama client passes unknown fields through.
            ...({ tool_choice: "required" } as object),
            options: { seed: 5, num_predict: 120 }
        } as Parameters<typeof ollama.chat>[0] & { stream: true });
        const called: string[] = [];
        let done = false;
        for await (const chunk of stream) {
            for (const call of chunk.message.tool_calls ?? []) called.push(call.function.name);
            if (chunk.done) done = true;
        }
        assert.ok(done);
        assert.equal(called.length, 1);
        assert.ok(["get_weather", "get_time"].includes(called[0]!), called[0]);
    });

    test("a GGUF (Jinja) template with tools: rendered by node-llama-cpp, calls forced in its syntax", async () => {
        const shown = await ollama.show({ model: "jinja-tools" });
        assert.ok(shown.capabilities.includes("tools"), JSON.stringify(shown.capabilities));
        const rendered = (await (
            await fetch(`${kettle.url}/api/chat`, {
                method: "POST",
                body: JSON.stringify({
                    model: "jinja-tools",
                    _debug_render_only: true,
                    tools: [weatherTool],
                    messages: [
                        { role: "user", content: "Weather in Paris?" },
                        {
                            role: "assistant",
                            content: "",
                            tool_calls: [{ function: { name: "get_weather", arguments: { city: "Paris", days: 1 } } }]
                        },
                        { role: "tool", tool_name: "get_weather", content: "sunny" }
                    ]
                })
            })
        ).json()) as { _debug_info: { rendered_template: string } };
        const prompt = rendered._debug_info.rendered_template;
        assert.match(prompt, /<tools>/);
        assert.match(prompt, /get_weather/);
        assert.match(prompt, /<tool_response>\nsunny\n<\/tool_response>/);

        const validate = new Ajv().compile(weatherTool.function.parameters!);
        for (const tool_choice of [{ type: "function", function: { name: "get_weather" } }, "required"]) {
            const response = await fetch(`${kettle.url}/api/chat`, {
                method: "POST",
                body: JSON.stringify({
                    model: "jinja-tools",
                    stream: false,
                    tools: tool_choice === "required" ? [weatherTool, timeTool] : [weatherTool],
                    tool_choice,
                    messages: [{ role: "user", content: "Weather in Paris?" }],
                    options: { seed: 3, num_predict: 200 }
                })
            });
            const body = (await response.json()) as {
                message: { tool_calls?: { function: { name: string; arguments: unknown } }[] };
                done_reason: string;
            };
            const calls = body.message.tool_calls ?? [];
            assert.equal(calls.length, 1, JSON.stringify(body));
            const call = calls[0]!.function;
            assert.ok(["get_weather", "get_time"].includes(call.name), call.name);
            if (call.name === "get_weather") assert.ok(validate(call.arguments), JSON.stringify(call.arguments));
            else assert.deepEqual(call.arguments, {});
            assert.equal(body.done_reason, "stop");
        }
    });

    test("tool_choice naming a tool that does not exist is a 400", async () => {
        const response = await fetch(`${kettle.url}/api/chat`, {
            method: "POST",
            body: JSON.stringify({
                model: "qwen-tools",
                tools: [weatherTool],
                tool_choice: { type: "function", function: { name: "launch_rocket" } },
                messages: [{ role: "user", content: "Go" }]
            })
        });
        assert.equal(response.status, 400);
        assert.match(((await response.json()) as { error: string }).error, /"launch_rocket", which is not among the tools \(get_weather\)/);
    });

    test("thinking: reasoning goes to the thinking field; think on a model without it is a 400", async () => {
        const shown = await ollama.show({ model: "thinker" });
        assert.ok(shown.capabilities.includes("thinking"));
        // The template opens <think>; the tiny model never closes it, so everything it writes is reasoning.
        const response = await ollama.chat({
            model: "thinker",
            think: true,
            messages: [{ role: "user", content: "Once upon a time" }],
            options: { temperature: 0, num_predict: 16 }
        });
        assert.ok((response.message.thinking ?? "").length > 0, JSON.stringify(response.message));
        assert.equal(response.message.content, "");

        const rendered = (await (
            await fetch(`${kettle.url}/api/chat`, {
                method: "POST",
                body: JSON.stringify({
                    model: "thinker",
                    think: false,
                    _debug_render_only: true,
                    messages: [{ role: "user", content: "Hi" }]
                })
            })
        ).json()) as { _debug_info: { rendered_template: string } };
        assert.match(rendered._debug_info.rendered_template, /<think>\n\n<\/think>\n\n$/);

        await assert.rejects(
            ollama.chat({ model: "chat", think: true, messages: [{ role: "user", content: "Hi" }] }),
            (error: Error & { status_code?: number }) => error.status_code === 400 && /"chat" does not support thinking/.test(error.message)
        );
    });

    test("logprobs: one entry per generated token, with the alternatives asked for", async () => {
        const response = await fetch(`${kettle.url}/api/generate`, {
            method: "POST",
            body: JSON.stringify({
                model: "chat",
                prompt: "Once upon a time",
                raw: true,
                logprobs: true,
                top_logprobs: 3,
                options: { temperature: 0, num_predict: 8 }
            })
        });
        const chunks = await readNdjson(response);
        const entries = chunks.flatMap(
            (chunk) => (chunk.logprobs ?? []) as { token: string; logprob: number; bytes: number[]; top_logprobs: unknown[] }[]
        );
        const final = chunks.at(-1)!;
        assert.equal(entries.length, final.eval_count);
        const text = chunks.map((chunk) => chunk.response ?? "").join("");
        assert.equal(entries.map((entry) => entry.token).join(""), text);
        for (const entry of entries) {
            assert.ok(entry.logprob <= 0, String(entry.logprob));
            assert.deepEqual(entry.bytes, [...Buffer.from(entry.token)]);
            assert.ok(entry.top_logprobs.length >= 1 && entry.top_logprobs.length <= 3);
        }
        const bad = await fetch(`${kettle.url}/api/generate`, {
            method: "POST",
            body: JSON.stringify({ model: "chat", prompt: "x", logprobs: true, top_logprobs: 21 })
        });
        assert.equal(bad.status, 400);
        assert.match(((await bad.json()) as { error: string }).error, /top_logprobs must be between 0 and 20/);
    });
});
