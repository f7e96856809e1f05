/**
 * The examples in examples/, served as the README runs them (their own functions folders), with
 * the tiny test models standing in for the real ones: `[vars]` and the route's model are pointed
 * at them in a kettle.toml of the test's own.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startKettle, type Kettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";

const examplesDir = fileURLToPath(new URL("../../examples/", import.meta.url));

/** Serves one example's functions with `toml` (the test's models) as its kettle.toml. */
async function serveExample(name: string, toml: string): Promise<Kettle> {
    const configDir = mkdtempSync(join(tmpdir(), `kettle-example-${name}-`));
    writeFileSync(join(configDir, "kettle.toml"), `[functions]\ndir = ${JSON.stringify(join(examplesDir, name, "functions"))}\n${toml}`);
    return startKettle({ env: { KETTLE_CONFIG: join(configDir, "kettle.toml") } });
}

const post = (url: string, body: unknown) =>
    fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: typeof body === "string" ? body : JSON.stringify(body)
    });

describe("examples", () => {
    let rag: Kettle;
    let extract: Kettle;
    let summarise: Kettle;
    before(async () => {
        [rag, extract, summarise] = await Promise.all([
            serveExample("rag", '[functions.routes."/ask"]\nmodel = "chat"\n[vars]\nCHAT_MODEL = "chat"\nEMBED_MODEL = "embed"\n'),
            serveExample("extract", '[vars]\nMODEL = "chat"\n'),
            serveExample("summarise", '[functions.routes."/summarise"]\nmodel = "story"\n[vars]\nMODEL = "story"\n')
        ]);
        await rag.createModel("chat", testModels.chatml);
        await rag.createModel("embed", testModels.embed);
        await extract.createModel("chat", testModels.chatml);
        await summarise.createModel("story", testModels.plain);
    });
    after(async () => {
        await Promise.all([rag, extract, summarise].map((kettle) => kettle?.stop()));
    });

    test("rag: answers with the two closest documents as sources, ranked; a missing question is a 400", async () => {
        const response = await post(`${rag.url}/ask`, { question: "How long does a model stay loaded after its last request?" });
        assert.equal(response.status, 200, await response.clone().text());
        const body = (await response.json()) as { answer: string; sources: { text: string; score: number }[] };
        assert.equal(typeof body.answer, "string");
        assert.ok(body.answer.length > 0);
        assert.equal(body.sources.length, 2);
        assert.ok(body.sources[0]!.score >= body.sources[1]!.score);
        assert.ok(body.sources.every((source) => source.text.length > 0 && Number.isFinite(source.score)));
        // The same question again: the documents' index is cached in the worker, the answer is ranked the same.
        const again = (await (
            await post(`${rag.url}/ask`, { question: "How long does a model stay loaded after its last request?" })
        ).json()) as typeof body;
        assert.deepEqual(again.sources, body.sources);
        const bad = await post(`${rag.url}/ask`, {});
        assert.equal(bad.status, 400);
        assert.match(((await bad.json()) as { error: string }).error, /question/);
    });

    test("extract: the answer always matches the schema", async () => {
        const response = await post(`${extract.url}/extract`, { text: "Ada is 36 and lives in London." });
        assert.equal(response.status, 200, await response.clone().text());
        const person = (await response.json()) as Record<string, unknown>;
        assert.deepEqual(Object.keys(person).sort(), ["age", "city", "name"]);
        assert.equal(typeof person.name, "string");
        assert.ok(Number.isInteger(person.age));
        assert.equal(typeof person.city, "string");
        assert.equal((await post(`${extract.url}/extract`, { text: "" })).status, 400);
    });

    test("summarise: the summary streams as plain text, in several chunks", async () => {
        const response = await post(
            `${summarise.url}/summarise`,
            "Once upon a time there was a little girl who lived in a village near the forest."
        );
        assert.equal(response.status, 200);
        assert.equal(response.headers.get("content-type"), "text/plain; charset=utf-8");
        const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
        const chunks: string[] = [];
        for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            chunks.push(value);
        }
        assert.ok(chunks.length > 1, `chunks: ${JSON.stringify(chunks)}`);
        assert.ok(chunks.join("").length > 0);
        assert.equal((await post(`${summarise.url}/summarise`, " ")).status, 400);
    });
});
