/**
 * Fault isolation and placement: a worker or a whole lane that dies fails only its own requests and
 * is replaced; two models warm in two workers never wait for each other; the route table; the body limit.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ollama } from "ollama";
import { kettleBin, readNdjson, startKettle, type Kettle } from "../testing/startKettle.js";
import { killLaneMidway } from "../testing/killLaneMidway.js";
import { lanePids } from "../testing/lanePids.js";
import { testModels } from "../testing/testModels.js";

const crashFunctions = fileURLToPath(new URL("../../test/fixtures/crash-functions/", import.meta.url));

describe("faults and placement", () => {
    let kettle: Kettle;
    let ollama: Ollama;

    before(async () => {
        kettle = await startKettle({ args: ["--functions", crashFunctions], config: "[server]\nmax_body_bytes = 4096\n" });
        ollama = new Ollama({ host: kettle.url });
        await kettle.createModel("story", testModels.plain);
        await kettle.createModel("chat", testModels.chatml);
    });
    after(async () => {
        await kettle?.stop();
    });

    test("the route table", () => {
        const routes = spawnSync(process.execPath, [kettleBin, "serve", "--routes"], { env: kettle.env, encoding: "utf8" });
        assert.equal(routes.status, 0, routes.stderr);
        assert.equal(
            routes.stdout.replace(/ +/g, " "),
            [
                "POST /v1/batches/:id/cancel ← v1/batches/[id]/cancel.js#onRequestPost",
                "GET /v1/files/:id/content ← v1/files/[id]/content.js#onRequestGet",
                "GET /v1/responses/:id/input_items ← v1/responses/[id]/input_items.js#onRequestGet",
                "POST /v1/chat/completions ← v1/chat/completions.js#onRequestPost",
                "POST /v1/messages/count_tokens ← v1/messages/count_tokens.js#onRequestPost",
                "HEAD /api/blobs/:digest ← api/blobs/[digest].js#onRequestHead",
                "POST /api/blobs/:digest ← api/blobs/[digest].js#onRequestPost",
                "GET /v1/batches/:id ← v1/batches/[id].js#onRequestGet",
                "DELETE /v1/files/:id ← v1/files/[id].js#onRequestDelete",
                "GET /v1/files/:id ← v1/files/[id].js#onRequestGet",
                "DELETE /v1/responses/:id ← v1/responses/[id].js#onRequestDelete",
                "GET /v1/responses/:id ← v1/responses/[id].js#onRequestGet",
                "GET /v1/models/:model* ← v1/models/[[model]].js#onRequestGet",
                "POST /api/chat ← api/chat.js#onRequestPost",
                "POST /api/copy ← api/copy.js#onRequestPost",
                "POST /api/create ← api/create.js#onRequestPost",
                "DELETE /api/delete ← api/delete.js#onRequestDelete",
                "POST /api/detokenize ← api/detokenize.js#onRequestPost",
                "POST /api/embed ← api/embed.js#onRequestPost",
                "POST /api/embeddings ← api/embeddings.js#onRequestPost",
                "POST /api/generate ← api/generate.js#onRequestPost",
                "GET /api/ps ← api/ps.js#onRequestGet",
                "POST /api/pull ← api/pull.js#onRequestPost",
                "POST /api/push ← api/push.js#onRequestPost",
                "POST /api/rerank ← api/rerank.js#onRequestPost",
                "POST /api/show ← api/show.js#onRequestPost",
                "GET /api/stats ← api/stats.js#onRequestGet",
                "GET /api/tags ← api/tags.js#onRequestGet",
                "POST /api/tokenize ← api/tokenize.js#onRequestPost",
                "GET /api/version ← api/version.js#onRequestGet",
                "GET /v1/batches ← v1/batches/index.js#onRequestGet",
                "POST /v1/batches ← v1/batches/index.js#onRequestPost",
                "POST /v1/completions ← v1/completions.js#onRequestPost",
                "POST /v1/embeddings ← v1/embeddings.js#onRequestPost",
                "GET /v1/files ← v1/files/index.js#onRequestGet",
                "POST /v1/files ← v1/files/index.js#onRequestPost",
                "POST /v1/messages ← v1/messages/index.js#onRequestPost",
                "GET /v1/models ← v1/models/index.js#onRequestGet",
                "POST /v1/rerank ← v1/rerank.js#onRequestPost",
                "POST /v1/responses ← v1/responses/index.js#onRequestPost",
                "GET /healthz ← healthz.js#onRequestGet",
                "GET /metrics ← metrics.js#onRequestGet",
                "GET /readyz ← readyz.js#onRequestGet",
                "GET / ← index.js#onRequestGet",
                ""
            ].join("\n")
        );
    });

    test("two models in two workers: a request to one is served while the other's worker is blocked", async () => {
        await ollama.generate({ model: "story", prompt: "", keep_alive: "5m" });
        // /api/hold loads "chat" (cold) into the other worker, writes `holding`, then blocks that thread until `release` exists.
        const dir = mkdtempSync(join(tmpdir(), "kettle-hold-"));
        const [holding, release] = [join(dir, "holding"), join(dir, "release")];
        let held = true;
        const hold = fetch(`${kettle.url}/api/hold`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ model: "chat", holding, release })
        }).then((response) => {
            held = false;
            return response;
        });
        try {
            for (let i = 0; i < 600 && held && !existsSync(holding); i++) await new Promise((resolve) => setTimeout(resolve, 50));
            assert.ok(existsSync(holding), "the hold function runs");
            // Bounded: on the blocked thread, this request would never be served.
            const warm = await fetch(`${kettle.url}/api/generate`, {
                method: "POST",
                body: JSON.stringify({ model: "story", prompt: "Once upon a time", stream: false, options: { num_predict: 4 } }),
                signal: AbortSignal.timeout(30_000)
            });
            assert.equal(((await warm.json()) as { eval_count: number }).eval_count, 4);
            assert.equal(held, true, "the other worker was still blocked");
        } finally {
            writeFileSync(release, "");
        }
        const released = await hold;
        assert.equal(released.status, 200, await released.clone().text());
        assert.deepEqual(await released.json(), { released: true });
        assert.deepEqual((await ollama.ps()).models.map((model) => model.name).sort(), ["chat:latest", "story:latest"]);
    });

    test("a worker that dies fails its request with a JSON 500; the next request works", async () => {
        const crashed = await fetch(`${kettle.url}/api/crash`, { method: "POST", body: JSON.stringify({ model: "story" }) });
        assert.equal(crashed.status, 500);
        assert.match(((await crashed.json()) as { error: string }).error, /worker/);
        const next = await ollama.generate({ model: "story", prompt: "Once upon a time", options: { temperature: 0, num_predict: 8 } });
        assert.ok(next.response!.startsWith(", there was"));
    });

    test("a lane killed mid-generation fails the stream with an error line; the lane restarts and serves again", async () => {
        const response = await fetch(`${kettle.url}/api/generate`, {
            method: "POST",
            body: JSON.stringify({ model: "story", prompt: "Once upon a time", options: { num_predict: 100000 } })
        });
        const { rest, killed } = await killLaneMidway(kettle.process.pid!, response);
        const last = JSON.parse(rest.trim().split("\n").at(-1)!) as { error?: string };
        assert.match(last.error ?? "", /exited unexpectedly/);
        const next = await ollama.generate({ model: "story", prompt: "Once upon a time", options: { temperature: 0, num_predict: 8 } });
        assert.ok(next.response!.startsWith(", there was"));
        const newLanes = lanePids(kettle.process.pid!);
        assert.equal(newLanes.length, 1);
        assert.notEqual(newLanes[0], killed);
    });

    test("a body over the configured limit is refused with 413", async () => {
        const response = await fetch(`${kettle.url}/api/generate`, {
            method: "POST",
            body: JSON.stringify({ model: "story", prompt: "x".repeat(10_000) })
        });
        assert.equal(response.status, 413);
        assert.match(((await response.json()) as { error: string }).error, /too large/);
        const lines = await readNdjson(
            await fetch(`${kettle.url}/api/generate`, {
                method: "POST",
                body: JSON.stringify({ model: "story", prompt: "Once", options: { num_predict: 2 } })
            })
        );
        assert.equal(lines.at(-1)!.done, true);
    });
});

describe("load timeout", () => {
    let kettle: Kettle;

    before(async () => {
        kettle = await startKettle({ config: '[scheduler]\nload_timeout = "50ms"\n' });
        await kettle.createModel("story", testModels.plain);
    });
    after(async () => {
        await kettle?.stop();
    });

    test("a model that does not load within load_timeout fails the request with a 500; the load goes on", async () => {
        // The first load in a worker starts the engine (about half a second): longer than 50 ms.
        const response = await fetch(`${kettle.url}/api/generate`, {
            method: "POST",
            body: JSON.stringify({ model: "story", prompt: "Once", stream: false })
        });
        assert.equal(response.status, 500);
        assert.match(((await response.json()) as { error: string }).error, /timed out waiting for model story:latest to load/);
        // The failed request's task ends only once the load it started has finished (its slot is then free).
        // Its size is known once the worker reports the load done (on a busy machine, after the slot is free).
        let story: { sequences_busy: number; size: number } | undefined;
        for (let i = 0; i < 300; i++) {
            const ps = (await (await fetch(`${kettle.url}/api/ps`)).json()) as {
                models: { name: string; sequences_busy: number; size: number }[];
            };
            story = ps.models.find((model) => model.name === "story:latest");
            if (story?.sequences_busy === 0 && story.size > 0) break;
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.equal(story?.sequences_busy, 0, `the model stays loaded once its load is done: ${JSON.stringify(story)}`);
        const warm = await fetch(`${kettle.url}/api/generate`, {
            method: "POST",
            body: JSON.stringify({ model: "story", prompt: "Once", stream: false, options: { num_predict: 3 } })
        });
        assert.equal(warm.status, 200, await warm.clone().text());
        const answer = (await warm.json()) as { eval_count: number; load_duration: number };
        assert.equal(answer.eval_count, 3);
        assert.equal(answer.load_duration, 0, "the model was loaded by the load that outlived the failed request");
    });
});
