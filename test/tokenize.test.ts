/**
 * `/api/tokenize` and `/api/detokenize` against a real `kettle serve` and the tiny models: the ids
 * are node-llama-cpp's own for the same text (loaded here, in the test), a conversation counts as
 * `/api/chat` would evaluate it, and nothing loads a model's weights.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getLlama, type LlamaModel } from "node-llama-cpp";
import { startKettle, type Kettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";

const toolsTemplate = readFileSync(
    fileURLToPath(new URL("../../test/fixtures/templates/qwen-tools.gotmpl", import.meta.url)),
    "utf8"
).replace(/\n$/, "");

describe("tokenize and detokenize", () => {
    let kettle: Kettle;
    let local: LlamaModel;
    let post: (path: string, body: unknown) => Promise<{ status: number; body: Record<string, unknown> }>;

    before(async () => {
        kettle = await startKettle();
        await kettle.createModel("chat", testModels.chatml);
        await kettle.createModel("tooly", testModels.chatml, { template: toolsTemplate });
        local = await (await getLlama({ gpu: false, build: "never" })).loadModel({ modelPath: testModels.chatml, vocabOnly: true });
        post = async (path, body) => {
            const response = await fetch(`${kettle.url}${path}`, { method: "POST", body: JSON.stringify(body) });
            return { status: response.status, body: (await response.json()) as Record<string, unknown> };
        };
    });
    after(async () => {
        await local?.dispose();
        await kettle?.stop();
    });

    test("content: the model's own token ids; add_special puts BOS first; pieces spell the text; detokenize gives it back", async () => {
        const text = "Once upon a time<|im_end|> there was a fox.";
        const plain = await post("/api/tokenize", { model: "chat", content: text });
        assert.equal(plain.status, 200, JSON.stringify(plain.body));
        assert.equal(plain.body.model, "chat");
        assert.deepEqual(plain.body.tokens, local.tokenize(text, true), "special-token text is parsed as the special token");
        const special = await post("/api/tokenize", { model: "chat", content: text, add_special: true });
        assert.deepEqual(special.body.tokens, [local.tokens.bos, ...local.tokenize(text, true)]);

        const pieces = await post("/api/tokenize", { model: "chat", content: text, with_pieces: true });
        const withPieces = pieces.body.tokens as { id: number; piece: string }[];
        assert.deepEqual(
            withPieces.map((entry) => entry.id),
            plain.body.tokens
        );
        assert.equal(withPieces.map((entry) => entry.piece).join(""), text);

        const back = await post("/api/detokenize", { model: "chat", tokens: plain.body.tokens });
        assert.equal(back.status, 200);
        assert.deepEqual(back.body, { model: "chat", content: text });
    });

    test("messages: the prompt /api/chat would evaluate, tools included, is what gets counted", async () => {
        const messages = [
            { role: "system", content: "Be brief." },
            { role: "user", content: "Weather in Paris?" }
        ];
        const tools = [
            {
                type: "function",
                function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } }
            }
        ];
        for (const [model, extra] of [
            ["chat", {}],
            ["tooly", { tools }]
        ] as const) {
            const counted = await post("/api/tokenize", { model, messages, ...extra });
            assert.equal(counted.status, 200, JSON.stringify(counted.body));
            const rendered = await post("/api/chat", { model, messages, ...extra, stream: false, _debug_render_only: true });
            assert.equal((counted.body.tokens as number[]).length, rendered.body.prompt_eval_count, model);
        }
        const withTools = await post("/api/tokenize", { model: "tooly", messages, tools });
        const without = await post("/api/tokenize", { model: "tooly", messages });
        assert.ok((withTools.body.tokens as number[]).length > (without.body.tokens as number[]).length, "the tools are in the prompt");
    });

    test("tokenizing loads no model's weights", async () => {
        await kettle.createModel("cold", testModels.chatml, { system: "never loaded" });
        assert.equal((await post("/api/tokenize", { model: "cold", content: "hello" })).status, 200);
        assert.equal((await post("/api/tokenize", { model: "cold", messages: [{ role: "user", content: "hello" }] })).status, 200);
        assert.equal((await post("/api/detokenize", { model: "cold", tokens: [1, 2, 3] })).status, 200);
        const ps = (await (await fetch(`${kettle.url}/api/ps`)).json()) as { models: { name: string }[] };
        assert.deepEqual(
            ps.models.map((model) => model.name).filter((name) => name.startsWith("cold")),
            []
        );
    });

    test("bad requests are 400s (404 for an unknown model) that say what was wrong", async () => {
        const cases: [string, unknown, number, RegExp][] = [
            ["/api/tokenize", { content: "x" }, 400, /model is required/],
            ["/api/tokenize", { model: "chat" }, 400, /either content or messages/],
            ["/api/tokenize", { model: "chat", content: "x", messages: [] }, 400, /either content or messages/],
            ["/api/tokenize", { model: "chat", content: 5 }, 400, /content/],
            ["/api/tokenize", { model: "missing", content: "x" }, 404, /not found/],
            ["/api/detokenize", { model: "chat" }, 400, /tokens is required/],
            ["/api/detokenize", { model: "chat", tokens: [1, 1.5] }, 400, /tokens\.1/],
            [
                "/api/detokenize",
                { model: "chat", tokens: [1, 100000] },
                400,
                /tokens\[1\]: 100000 is not a token of this model \(its vocabulary has 512\)/
            ]
        ];
        for (const [path, body, status, message] of cases) {
            const answer = await post(path, body);
            assert.equal(answer.status, status, `${path} ${JSON.stringify(body)}: ${JSON.stringify(answer.body)}`);
            assert.match(String(answer.body.error), message, `${path} ${JSON.stringify(body)}`);
        }
    });
});
