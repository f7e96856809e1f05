/**
 * Request validation against a real `kettle serve`: fields of the wrong JSON type, and `options`
 * values of the wrong type, are 400s in the endpoint's own API family's error shape, with a
 * message that names the field and what it should be; never a 500, never silently ignored.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startKettle, type Kettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";

describe("request validation", () => {
    let kettle: Kettle;

    before(async () => {
        kettle = await startKettle();
        await kettle.createModel("story", testModels.plain);
    });
    after(async () => {
        await kettle?.stop();
    });

    const send = async (path: string, body: unknown, method = "POST") => {
        // A string is sent as is: JSON.stringify cannot write 1e999, which JSON.parse reads as Infinity.
        const response = await fetch(`${kettle.url}${path}`, { method, body: typeof body === "string" ? body : JSON.stringify(body) });
        return { status: response.status, body: (await response.json().catch(() => undefined)) as unknown };
    };
    const expectOllama = async (path: string, body: unknown, message: string, method = "POST") => {
        const answer = await send(path, body, method);
        assert.deepEqual(answer, { status: 400, body: { error: message } }, `${path} ${JSON.stringify(body)}`);
    };

    test("options of the wrong type are 400s naming the option and its type, on every endpoint that takes options", async () => {
        const generate = { model: "story", prompt: "Once" };
        await expectOllama(
            "/api/generate",
            { ...generate, options: { temperature: "hot" } },
            `option "temperature" must be of type float32, got string "hot"`
        );
        await expectOllama(
            "/api/generate",
            { ...generate, options: { num_predict: "ten" } },
            `option "num_predict" must be of type integer, got string "ten"`
        );
        await expectOllama(
            "/api/generate",
            { ...generate, options: { num_ctx: 1.5 } },
            `option "num_ctx" must be of type integer, got number 1.5`
        );
        await expectOllama(
            "/api/generate",
            { ...generate, options: { use_mmap: "no" } },
            `option "use_mmap" must be of type boolean, got string "no"`
        );
        await expectOllama(
            "/api/generate",
            { ...generate, options: { stop: [1] } },
            `option "stop" must be a string or an array of strings (item 0), got number 1`
        );
        await expectOllama(
            "/api/chat",
            { model: "story", messages: [{ role: "user", content: "Hi" }], options: { top_k: "many" } },
            `option "top_k" must be of type integer, got string "many"`
        );
        await expectOllama(
            "/api/embed",
            { model: "story", input: "a", options: { seed: true } },
            `option "seed" must be of type integer, got boolean true`
        );
        await expectOllama(
            "/api/embeddings",
            { model: "story", prompt: "a", options: { num_batch: [] } },
            `option "num_batch" must be of type integer, got array`
        );
        await expectOllama("/api/show", { model: "story", options: { top_p: {} } }, `option "top_p" must be of type float32, got object`);
        await expectOllama(
            "/api/create",
            { model: "made", from: "story", parameters: { temperature: "hot" } },
            `option "temperature" must be of type float32, got string "hot"`
        );
        // The Kettle extension on the OpenAI endpoints checks the same table, in OpenAI's envelope.
        const openai = await send("/v1/chat/completions", {
            model: "story",
            messages: [{ role: "user", content: "Hi" }],
            options: { min_p: "x" }
        });
        assert.equal(openai.status, 400);
        assert.equal(
            (openai.body as { error: { message: string } }).error.message,
            `option "min_p" must be of type float32, got string "x"`
        );
    });

    test("unknown option names are ignored, as Ollama ignores them; null means unset", async () => {
        const answer = await send("/api/generate", {
            model: "story",
            prompt: "Once upon a time",
            stream: false,
            options: { temperatur: "hot", mirostat: "x", temperature: 0, num_predict: 3, seed: null }
        });
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
    });

    test("/api/create with a model that is not a string is a 400 naming the field", async () => {
        const cases: [unknown, string][] = [
            [3.5, "model: expected string but got 3.5"],
            [true, "model: expected string but got true"],
            [{}, "model: expected string but got Object"],
            [[1, "a", null], "model: expected string but got Array"],
            [-1e308, "model: expected string but got -1e+308"]
        ];
        for (const [model, message] of cases) await expectOllama("/api/create", { model, from: "story" }, message);
        await expectOllama("/api/create", { model: null, from: "story" }, "model is required");
        await expectOllama("/api/create", { from: "story" }, "model is required");
        await expectOllama("/api/create", { model: "made", from: 7 }, "from: expected string but got 7");
        await expectOllama("/api/create", { model: "made", files: { "model.gguf": 7 } }, "files.model.gguf: expected string but got 7");
        await expectOllama("/api/create", { model: "made", from: "story", stream: "no" }, 'stream: expected boolean but got "no"');
        await expectOllama("/api/create", [], "request body must be a JSON object, got an array");
        // A path is never a model name, and file names may not leave their folder: nothing outside the store is read or written.
        await expectOllama(
            "/api/create",
            { model: "made", from: "./../../outside.gguf" },
            'invalid model name "./../../outside.gguf": the host must start with a letter, digit or underscore'
        );
        await expectOllama(
            "/api/create",
            { model: "made", files: { "../../outside.gguf": `sha256:${"0".repeat(64)}` } },
            'file path must not leave its directory: "../../outside.gguf"'
        );
        await expectOllama(
            "/api/create",
            { model: "../../made", from: "story" },
            'invalid model name "../../made": the host must start with a letter, digit or underscore'
        );
        // Ollama's deprecated `name` still works, and a null field is unset.
        const created = await send("/api/create", { name: "made", from: "story", system: null, stream: false });
        assert.deepEqual(created, { status: 200, body: { status: "success" } });
    });

    test("the other management endpoints refuse fields of the wrong type", async () => {
        await expectOllama("/api/copy", { source: 3, destination: "x" }, "source: expected string but got 3");
        await expectOllama("/api/copy", { source: "story", destination: null }, "destination is required");
        await expectOllama("/api/delete", { model: {} }, "model: expected string but got Object", "DELETE");
        await expectOllama("/api/show", { model: ["story"] }, "model: expected string but got Array");
        await expectOllama("/api/show", { model: "story", verbose: "yes" }, 'verbose: expected boolean but got "yes"');
        await expectOllama("/api/pull", { model: 3 }, "model must be a string, got number 3");
        await expectOllama("/api/pull", { model: null }, "model is required");
        await expectOllama("/api/push", { model: "story", insecure: "yes" }, 'insecure must be true or false, got string "yes"');
    });

    test("OpenAI's typed fields of the wrong type are 400s in OpenAI's shape, with the field as `param`", async () => {
        const chat = { model: "story", messages: [{ role: "user", content: "Hi" }] };
        const cases: [string, unknown, string, string][] = [
            ["/v1/chat/completions", { ...chat, temperature: "hot" }, 'temperature: expected number but got "hot"', "temperature"],
            [
                "/v1/chat/completions",
                JSON.stringify(chat).replace(/}$/, ',"top_p":1e999}'),
                "top_p: expected a finite number but got Infinity",
                "top_p"
            ],
            [
                "/v1/chat/completions",
                { ...chat, max_tokens: 1.5 },
                "max_tokens: expected an integer between -(2^53 - 1) and 2^53 - 1 but got 1.5",
                "max_tokens"
            ],
            ["/v1/chat/completions", { ...chat, seed: "1" }, 'seed: expected number but got "1"', "seed"],
            ["/v1/chat/completions", { ...chat, stop: [1] }, "stop: expected (string | Array) but got Array", "stop"],
            ["/v1/chat/completions", { ...chat, n: "2" }, 'n: expected number but got "2"', "n"],
            [
                "/v1/completions",
                { model: "story", prompt: "x", max_tokens: "ten" },
                'max_tokens: expected number but got "ten"',
                "max_tokens"
            ],
            ["/v1/completions", { model: "story", prompt: "x", stream: "yes" }, 'stream: expected boolean but got "yes"', "stream"],
            ["/v1/embeddings", { model: "story", input: "x", dimensions: "8" }, 'dimensions: expected number but got "8"', "dimensions"],
            ["/v1/chat/completions", { model: 3, messages: chat.messages }, "model: expected string but got 3", "model"]
        ];
        for (const [path, body, message, param] of cases) {
            const answer = await send(path, body);
            assert.deepEqual(
                answer,
                { status: 400, body: { error: { message, type: "invalid_request_error", param, code: null } } },
                `${path} ${JSON.stringify(body)}`
            );
        }
    });

    test("Anthropic's typed fields of the wrong type are 400s in Anthropic's shape", async () => {
        const messages = { model: "story", max_tokens: 4, messages: [{ role: "user", content: "Hi" }] };
        const cases: [string, unknown, string][] = [
            ["/v1/messages", { ...messages, temperature: "hot" }, 'temperature: expected number but got "hot"'],
            ["/v1/messages", { ...messages, max_tokens: "ten" }, 'max_tokens: expected number but got "ten"'],
            ["/v1/messages", { ...messages, top_k: 2.5 }, "top_k: expected an integer between -(2^53 - 1) and 2^53 - 1 but got 2.5"],
            ["/v1/messages", { ...messages, stop_sequences: "\n" }, 'stop_sequences: expected Array but got "\n"'],
            ["/v1/messages", { ...messages, stream: 1 }, "stream: expected boolean but got 1"],
            ["/v1/messages/count_tokens", { model: 3, messages: messages.messages }, "model: expected string but got 3"]
        ];
        for (const [path, body, message] of cases) {
            const answer = await send(path, body);
            assert.deepEqual(
                answer,
                { status: 400, body: { type: "error", error: { type: "invalid_request_error", message } } },
                `${path} ${JSON.stringify(body)}`
            );
        }
    });
});
