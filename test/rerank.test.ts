/**
 * Rerank end to end: a real `kettle serve` with a tiny random-weight reranker GGUF (made by
 * testing/makeReranker), `/api/rerank` and `/v1/rerank`. Its scores mean nothing; the tests check
 * that they are the reranker's own (node-llama-cpp's ranking context on the same file, here in the
 * test), that batched equals alone, the order, the fields and the errors.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { getLlama, type LlamaModel, type Token } from "node-llama-cpp";
import { kettleBin, startKettle, type Kettle } from "../testing/startKettle.js";
import { makeReranker } from "../testing/makeReranker.js";
import { testModels } from "../testing/testModels.js";

const query = "Where did the fox go?";
const documents = [
    "The fox ran into the tall grass.",
    "Once upon a time there was a little girl named Lily.",
    "Paris is the capital of France.",
    "The fox was hungry and went home to its den in the woods, far away.",
    "a"
];

type Ranked = {
    model: string;
    object: string;
    results: { index: number; relevance_score: number; document?: { text: string } }[];
    usage: { prompt_tokens: number; total_tokens: number };
};

describe("rerank", () => {
    let kettle: Kettle;
    let local: LlamaModel;
    let post: (path: string, body: unknown) => Promise<{ status: number; body: Record<string, unknown> }>;

    before(async () => {
        kettle = await startKettle();
        await kettle.createModel("ranker", makeReranker());
        await kettle.createModel("chat", testModels.chatml);
        local = await (await getLlama({ gpu: false, build: "never" })).loadModel({ modelPath: makeReranker() });
        post = async (path, body) => {
            const response = await fetch(`${kettle.url}${path}`, { method: "POST", body: JSON.stringify(body) });
            return { status: response.status, body: (await response.json()) as Record<string, unknown> };
        };
    });
    after(async () => {
        await local?.dispose();
        await kettle?.stop();
    });

    test("scores are the reranker's own, best first, and equal to each document scored alone", async () => {
        const answer = await post("/api/rerank", { model: "ranker", query, documents });
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        const ranked = answer.body as Ranked;
        assert.equal(ranked.model, "ranker");
        assert.equal(ranked.object, "list");
        assert.deepEqual(ranked.results.map((result) => result.index).sort(), [0, 1, 2, 3, 4]);
        const scores = ranked.results.map((result) => result.relevance_score);
        assert.deepEqual(
            scores,
            [...scores].sort((a, b) => b - a),
            "sorted by score"
        );
        assert.ok(new Set(scores.map((score) => score.toFixed(4))).size > 1, `the scores differ: ${scores.join(", ")}`);

        // The reference: node-llama-cpp's ranking context scoring the same tokens (llama-server's layout: BOS, query, EOS, document, EOS).
        const context = await local.createRankingContext({ contextSize: 512 });
        const score = (context as unknown as { _evaluateRankingForInput(tokens: Token[]): Promise<number> })._evaluateRankingForInput.bind(
            context
        );
        const { bos, eos } = local.tokens;
        const layout = (document: string) => [bos!, ...local.tokenize(query, false), eos!, ...local.tokenize(document, false), eos!];
        for (const result of ranked.results) {
            // node-llama-cpp's ranking context runs without flash attention, Kettle's batches with it (as llama-server's): a few 1e-4 apart.
            const reference = await score(layout(documents[result.index]!));
            assert.ok(Math.abs(result.relevance_score - reference) < 2e-3, `${result.index}: ${result.relevance_score} vs ${reference}`);
            const alone = (await post("/api/rerank", { model: "ranker", query, documents: [documents[result.index]] })).body as Ranked;
            assert.ok(Math.abs(alone.results[0]!.relevance_score - result.relevance_score) < 1e-4, `${result.index} alone`);
        }
        await context.dispose();
        const tokens = documents.reduce((sum, document) => sum + layout(document).length, 0);
        assert.equal(ranked.usage.prompt_tokens, tokens);
        assert.equal(ranked.usage.total_tokens, tokens);
    });

    test("top_n, return_documents, documents as objects; /v1/rerank answers the same", async () => {
        const all = (await post("/api/rerank", { model: "ranker", query, documents })).body as Ranked;
        const top = (await post("/api/rerank", {
            model: "ranker",
            query,
            documents: documents.map((text) => ({ text })),
            top_n: 2,
            return_documents: true
        })) as { status: number; body: Ranked };
        assert.equal(top.status, 200);
        assert.equal(top.body.results.length, 2);
        assert.deepEqual(
            top.body.results.map((result) => result.index),
            all.results.slice(0, 2).map((result) => result.index)
        );
        for (const result of top.body.results) assert.deepEqual(result.document, { text: documents[result.index] });
        assert.equal(all.results[0]!.document, undefined, "no documents unless asked for");
        const v1 = (await post("/v1/rerank", { model: "ranker", query, documents })).body as Ranked;
        assert.deepEqual(v1, all);
    });

    test("kettle show lists the rerank capability", () => {
        const shown = spawnSync(process.execPath, [kettleBin, "show", "ranker"], { env: kettle.env, encoding: "utf8" });
        assert.equal(shown.status, 0, shown.stderr);
        assert.match(shown.stdout, /Capabilities\s+rerank/);
    });

    test("bad requests: a model that is not a reranker, no documents, no query", async () => {
        const cases: [string, unknown, number, RegExp][] = [
            ["/api/rerank", { model: "chat", query, documents }, 400, /"chat" does not support rerank/],
            ["/api/rerank", { model: "ranker", query, documents: [] }, 400, /documents must be a non-empty list/],
            ["/api/rerank", { model: "ranker", query }, 400, /documents must be a non-empty list/],
            ["/api/rerank", { model: "ranker", documents }, 400, /query is required/],
            ["/api/rerank", { model: "ranker", query, documents: [5] }, 400, /documents\.0/],
            ["/api/rerank", { model: "ranker", query, documents, top_n: 0 }, 400, /top_n/],
            ["/api/rerank", { model: "missing", query, documents }, 404, /not found/]
        ];
        for (const [path, body, status, message] of cases) {
            const answer = await post(path, body);
            assert.equal(answer.status, status, `${JSON.stringify(body)}: ${JSON.stringify(answer.body)}`);
            assert.match(String(answer.body.error), message, JSON.stringify(body));
        }
        const openai = await post("/v1/rerank", { model: "ranker", query, documents: [] });
        assert.equal(openai.status, 400);
        assert.deepEqual(openai.body, {
            error: { message: "documents must be a non-empty list", type: "invalid_request_error", param: "documents", code: null }
        });
    });
});
