/**
 * `kettle serve` end to end: a real server process on a loopback port, the real tiny models, and the
 * official `ollama` npm client where it covers the endpoint.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ollama } from "ollama";
import { kettleBin, readNdjson, startKettle, type Kettle } from "../testing/startKettle.js";
import { randomModel, testModels } from "../testing/testModels.js";

const greedy = { temperature: 0, num_predict: 24 };
const lily = ", there was a little girl named Lily";

function hasScript(): boolean {
    return spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;
}

function assertFinalMetrics(final: Record<string, unknown>): void {
    for (const field of ["total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_count", "eval_duration"]) {
        assert.ok(Number.isInteger(final[field]), `${field} is an integer: ${JSON.stringify(final[field])}`);
        assert.ok((final[field] as number) >= 0, `${field} >= 0`);
    }
    assert.ok((final.total_duration as number) >= (final.eval_duration as number), "total covers eval");
    assert.ok((final.eval_count as number) > 0);
    assert.ok((final.prompt_eval_count as number) > 0);
    assert.match(String(final.created_at), /^\d{4}-\d\d-\d\dT/);
}

describe("kettle serve", () => {
    let kettle: Kettle;
    let ollama: Ollama;

    before(async () => {
        kettle = await startKettle();
        ollama = new Ollama({ host: kettle.url });
        await kettle.createModel("story", testModels.plain);
        await kettle.createModel("chat", testModels.chatml, { system: "You are a storyteller." });
        await kettle.createModel("zephyr", testModels.zephyr);
        await kettle.createModel("embedder", testModels.embed);
    });
    after(async () => {
        await kettle?.stop();
    });

    test("CORS: a local origin's preflight is allowed the headers it asks for; a foreign origin gets no CORS headers", async () => {
        const preflight = (origin: string) =>
            fetch(`${kettle.url}/v1/chat/completions`, {
                method: "OPTIONS",
                headers: {
                    Origin: origin,
                    "Access-Control-Request-Method": "POST",
                    "Access-Control-Request-Headers": "content-type,x-stainless-os,x-api-key"
                }
            });
        const local = await preflight("http://localhost:3000");
        assert.equal(local.headers.get("Access-Control-Allow-Origin"), "http://localhost:3000");
        assert.match(local.headers.get("Access-Control-Allow-Headers") ?? "", /x-stainless-os/);
        const foreign = await preflight("https://evil.example");
        assert.equal(foreign.headers.get("Access-Control-Allow-Origin"), null);
    });

    test("GET / and /api/version", async () => {
        const root = await fetch(`${kettle.url}/`);
        assert.equal(await root.text(), "Ollama is running");
        const head = await fetch(`${kettle.url}/`, { method: "HEAD" });
        assert.equal(head.status, 200);
        assert.match((await ollama.version()).version, /^\d+\.\d+\.\d+$/);
    });

    test("generate streams NDJSON and ends with every final field", async () => {
        const response = await fetch(`${kettle.url}/api/generate`, {
            method: "POST",
            body: JSON.stringify({ model: "story", prompt: "Once upon a time", options: greedy })
        });
        assert.equal(response.status, 200);
        assert.equal(response.headers.get("content-type"), "application/x-ndjson");
        const lines = await readNdjson(response);
        assert.ok(lines.length > 2, "streamed in several chunks");
        const final = lines.at(-1)!;
        const text = lines.map((line) => line.response).join("");
        assert.ok(text.startsWith(lily), text);
        for (const line of lines.slice(0, -1)) assert.equal(line.done, false);
        assert.equal(final.done, true);
        assert.equal(final.model, "story");
        assert.equal(final.done_reason, "length");
        assert.equal(final.eval_count, 24);
        assert.ok(Array.isArray(final.context) && (final.context as number[]).length > 24, "context holds prompt and answer tokens");
        assertFinalMetrics(final);
    });

    test("generate with stream:false answers one JSON object, and context continues it", async () => {
        const response = await fetch(`${kettle.url}/api/generate`, {
            method: "POST",
            body: JSON.stringify({ model: "story", prompt: "Once upon a time", options: greedy, stream: false })
        });
        assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
        const body = (await response.json()) as Record<string, unknown>;
        assert.ok(String(body.response).startsWith(lily));
        assert.equal(body.done, true);
        assertFinalMetrics(body);

        const next = await ollama.generate({
            model: "story",
            prompt: " One day",
            context: body.context as number[],
            options: { temperature: 0, num_predict: 8 }
        });
        assert.ok(next.prompt_eval_count > 0);
        assert.equal(next.eval_count, 8);
    });

    test("the ollama client drives generate, streaming and not", async () => {
        const whole = await ollama.generate({ model: "story", prompt: "Once upon a time", options: greedy });
        assert.ok(whole.response!.startsWith(lily));
        assert.equal(whole.done_reason, "length");
        let streamed = "";
        let last;
        for await (const part of await ollama.generate({ model: "story", prompt: "Once upon a time", options: greedy, stream: true })) {
            streamed += part.response;
            last = part;
        }
        assert.ok(streamed.startsWith(lily), streamed);
        assert.equal(last?.done, true);
    });

    test("a stop sequence ends the answer before it", async () => {
        const result = await ollama.generate({
            model: "story",
            prompt: "Once upon a time",
            options: { temperature: 0, num_predict: 40, stop: ["Lily"] }
        });
        assert.equal(result.response, ", there was a little girl named ");
        assert.equal(result.done_reason, "stop");
    });

    test("chat renders the model's chat template, streams, and aggregates with stream:false", async () => {
        let streamed = "";
        let final;
        for await (const part of await ollama.chat({
            model: "chat",
            messages: [{ role: "user", content: "Tell me a story" }],
            options: greedy,
            stream: true
        })) {
            assert.equal(part.message.role, "assistant");
            streamed += part.message.content;
            final = part;
        }
        assert.ok(streamed.length > 0);
        assert.equal(final?.done, true);
        assertFinalMetrics(final as unknown as Record<string, unknown>);
        const whole = await ollama.chat({ model: "chat", messages: [{ role: "user", content: "Tell me a story" }], options: greedy });
        // Greedy, but not bit-identical: the second request reuses the first one's KV cache, and
        // llama.cpp's numerics depend on how a prompt is split into batches.
        assert.ok(whole.message.content.length > 0);
        assert.equal(whole.message.content.slice(0, 6), streamed.slice(0, 6));
        assert.equal(whole.done_reason, "length");
        const zephyr = await ollama.chat({ model: "zephyr", messages: [{ role: "user", content: "Hi" }], options: greedy });
        assert.ok(zephyr.message.content.length > 0);
    });

    test("embed returns L2-normalised vectors; dimensions and the legacy endpoint", async () => {
        const result = await ollama.embed({ model: "embedder", input: ["Once upon a time", "The cat sat"] });
        assert.equal(result.embeddings.length, 2);
        for (const vector of result.embeddings) {
            assert.equal(vector.length, 64);
            assert.ok(Math.abs(Math.hypot(...vector) - 1) < 1e-4);
        }
        assert.ok(result.prompt_eval_count > 0);
        const short = await ollama.embed({ model: "embedder", input: "Once upon a time", dimensions: 8 });
        assert.equal(short.embeddings[0]!.length, 8);
        assert.ok(Math.abs(Math.hypot(...short.embeddings[0]!) - 1) < 1e-4);
        const legacy = await ollama.embeddings({ model: "embedder", prompt: "Once upon a time" });
        assert.equal(legacy.embedding.length, 64);
        assert.ok(Math.abs(Math.hypot(...legacy.embedding) - 1) > 1e-3, "the legacy endpoint does not normalise");
        const empty = await fetch(`${kettle.url}/api/embed`, { method: "POST", body: JSON.stringify({ model: "embedder", input: [] }) });
        assert.deepEqual(await empty.json(), { model: "embedder", embeddings: [] });
    });

    test("capabilities are enforced before loading; a model without pooling still embeds (its last token)", async () => {
        const generate = await fetch(`${kettle.url}/api/generate`, {
            method: "POST",
            body: JSON.stringify({ model: "embedder", prompt: "x" })
        });
        assert.equal(generate.status, 400);
        assert.deepEqual(await generate.json(), { error: '"embedder" does not support generate' });
        const chat = await fetch(`${kettle.url}/api/chat`, {
            method: "POST",
            body: JSON.stringify({ model: "embedder", messages: [{ role: "user", content: "x" }] })
        });
        assert.equal(chat.status, 400);
        assert.deepEqual(await chat.json(), { error: '"embedder" does not support chat' });
        // As in Ollama: a completion model's embedding is its last token's output, normalised.
        const embedded = await ollama.embed({ model: "story", input: ["Once upon a time", "The cat sat"] });
        assert.equal(embedded.embeddings.length, 2);
        for (const vector of embedded.embeddings) {
            assert.equal(vector.length, 64);
            assert.ok(Math.abs(Math.hypot(...vector) - 1) < 1e-4);
        }
        assert.notDeepEqual(embedded.embeddings[0], embedded.embeddings[1]);
    });

    test("the ollama client manages models: list, show, copy, delete, create", async () => {
        const names = (await ollama.list()).models.map((m) => m.name).sort();
        assert.deepEqual(names, ["chat:latest", "embedder:latest", "story:latest", "zephyr:latest"]);
        const shown = await ollama.show({ model: "chat" });
        assert.equal(shown.system, "You are a storyteller.");
        assert.equal(shown.details.family, "llama");
        assert.ok(shown.capabilities.includes("completion"));
        await ollama.copy({ source: "story", destination: "story-copy" });
        await ollama.create({ model: "story-hot", from: "story", parameters: { temperature: 1.5 } });
        assert.match((await ollama.show({ model: "story-hot" })).parameters, /temperature\s+1\.5/);
        await ollama.delete({ model: "story-copy" });
        await ollama.delete({ model: "story-hot" });
        assert.equal((await ollama.list()).models.length, 4);
        await assert.rejects(ollama.show({ model: "story-copy" }), (error: Error & { status_code?: number }) => {
            assert.equal(error.status_code, 404);
            assert.equal(error.message, "model 'story-copy:latest' not found");
            return true;
        });
    });

    test("ps lists warm models; an empty prompt loads, keep_alive 0 unloads", async () => {
        const loaded = await ollama.generate({ model: "story", prompt: "", keep_alive: "10m" });
        assert.equal(loaded.done_reason, "load");
        const ps = await ollama.ps();
        const story = ps.models.find((m) => m.name === "story:latest");
        assert.ok(story, JSON.stringify(ps));
        assert.ok(story.size > 1_000_000, "size includes the weights");
        assert.equal(story.size_vram, 0);
        assert.match(story.digest, /^[0-9a-f]{64}$/);
        const remaining = new Date(story.expires_at).getTime() - Date.now();
        assert.ok(remaining > 9 * 60_000 && remaining <= 10 * 60_000, `expires in about 10m: ${remaining}`);

        const unloaded = await fetch(`${kettle.url}/api/generate`, {
            method: "POST",
            body: JSON.stringify({ model: "story", keep_alive: 0 })
        });
        assert.equal(((await unloaded.json()) as { done_reason: string }).done_reason, "unload");
        assert.equal(
            (await ollama.ps()).models.find((m) => m.name === "story:latest"),
            undefined
        );
    });

    test("keep_alive: short durations expire, negative is forever, the last request wins", async () => {
        await ollama.generate({ model: "story", prompt: "Once", keep_alive: "1s", options: { num_predict: 2 } });
        assert.ok((await ollama.ps()).models.some((m) => m.name === "story:latest"));
        await new Promise((resolve) => setTimeout(resolve, 1800));
        assert.ok(!(await ollama.ps()).models.some((m) => m.name === "story:latest"), "expired after 1s idle");

        await ollama.generate({ model: "story", prompt: "Once", keep_alive: -1, options: { num_predict: 2 } });
        const forever = (await ollama.ps()).models.find((m) => m.name === "story:latest")!;
        assert.ok(new Date(forever.expires_at).getFullYear() > new Date().getFullYear() + 100);
        await ollama.generate({ model: "story", prompt: "Once", keep_alive: 120, options: { num_predict: 2 } });
        const twoMinutes = new Date((await ollama.ps()).models.find((m) => m.name === "story:latest")!.expires_at).getTime() - Date.now();
        assert.ok(twoMinutes > 100_000 && twoMinutes <= 120_000, `the last keep_alive wins: ${twoMinutes}`);

        await ollama.generate({ model: "story", prompt: "Once", keep_alive: 0, options: { num_predict: 2 } });
        assert.ok(!(await ollama.ps()).models.some((m) => m.name === "story:latest"), "keep_alive 0 unloads once idle");
    });

    test("a change of a load-time option reloads the model; sampling options do not", async () => {
        await ollama.generate({ model: "zephyr", prompt: "Hi", options: { num_ctx: 512, num_predict: 2 } });
        // ollama-js does not type `context_length`, which Ollama's /api/ps does send.
        const contexts = async () =>
            ((await ollama.ps()).models as unknown as { name: string; context_length: number }[])
                .filter((m) => m.name === "zephyr:latest")
                .map((m) => m.context_length);
        assert.deepEqual(await contexts(), [512]);
        await ollama.generate({ model: "zephyr", prompt: "Hi", options: { num_ctx: 512, num_predict: 2, temperature: 0.1 } });
        assert.deepEqual(await contexts(), [512]);
        await ollama.generate({ model: "zephyr", prompt: "Hi", options: { num_ctx: 1024, num_predict: 2 } });
        assert.deepEqual(await contexts(), [1024]);
    });

    test("the REPL: /set parameter, a message, /show, /bye", { skip: !hasScript() && "needs util-linux `script` for a terminal" }, () => {
        const input = [
            "/set parameter temperature 0",
            "/set parameter num_predict 12",
            "Once upon a time",
            "/show parameters",
            "/bye",
            ""
        ].join("\n");
        const repl = spawnSync(
            "script",
            ["-qec", `${JSON.stringify(process.execPath)} ${JSON.stringify(kettleBin)} run story`, "/dev/null"],
            {
                env: kettle.env,
                encoding: "utf8",
                input,
                timeout: 60_000
            }
        );
        assert.equal(repl.status, 0, repl.stdout + repl.stderr);
        assert.match(repl.stdout, /Set parameter 'temperature' to '0'/);
        assert.match(repl.stdout, /Set parameter 'num_predict' to '12'/);
        const answer = repl.stdout.split("Set parameter 'num_predict' to '12'")[1]!.split("temperature")[0]!;
        assert.match(answer.replace(/\x1B\[[0-9;]*[A-Za-z]/g, "").replace(/>>> /g, ""), /\w{2,}/, "the model answered");
        assert.match(repl.stdout, /temperature {4,}0\r?\n/, "/show parameters includes the session's");
        assert.match(repl.stdout, /num_predict {4,}12/);
    });

    test("kettle ps and kettle stop talk to the server", async () => {
        await ollama.generate({ model: "story", prompt: "", keep_alive: "5m" });
        const cli = (args: string[]) => spawnSync(process.execPath, [kettleBin, ...args], { env: kettle.env, encoding: "utf8" });
        const table = cli(["ps"]);
        assert.equal(table.status, 0, table.stderr);
        assert.match(table.stdout, /^NAME\s+ID\s+SIZE\s+PROCESSOR\s+CONTEXT\s+UNTIL\s+LANE\s+REPLICAS\s+SLOTS\s+QUEUE\n/);
        assert.match(table.stdout, /^story:latest +[0-9a-f]{12} +[\d.]+ MB +100% CPU +2048 +(4|5) minutes from now {4}\S/m);
        assert.equal(cli(["ps", "-q", "story"]).stdout, "story:latest\n");
        assert.equal(cli(["stop", "story"]).status, 0);
        assert.equal(cli(["ps", "-q", "story"]).stdout, "");
        const missing = cli(["stop", "story"]);
        assert.equal(missing.status, 1);
        assert.match(missing.stderr, /couldn't find model "story" to stop/);
        const listed = cli(["list"]);
        assert.match(listed.stdout, /^story:latest /m, "list goes through the server");
    });

    test("kettle create uploads its GGUF through the server's blob API", async () => {
        writeFileSync(join(kettle.dir, "Modelfile"), `FROM ${testModels.plain}\nSYSTEM via the CLI`);
        const created = spawnSync(process.execPath, [kettleBin, "create", "cli-made", "-f", join(kettle.dir, "Modelfile")], {
            env: kettle.env,
            encoding: "utf8"
        });
        assert.equal(created.status, 0, created.stderr);
        assert.match(created.stderr, /success\n$/);
        assert.equal((await ollama.show({ model: "cli-made" })).system, "via the CLI");
        await ollama.delete({ model: "cli-made" });
    });

    test("kettle run answers a prompt from arguments and from piped stdin", () => {
        const run = (args: string[], input?: string) =>
            spawnSync(process.execPath, [kettleBin, "run", ...args], { env: kettle.env, encoding: "utf8", input });
        const fromArgs = run(["story", "Once upon a time", "--temperature", "0", "--num-predict", "12", "--verbose"]);
        assert.equal(fromArgs.status, 0, fromArgs.stderr);
        assert.ok(fromArgs.stdout.startsWith(lily), fromArgs.stdout);
        assert.match(fromArgs.stderr, /^eval count: +12 token\(s\)$/m);
        assert.match(fromArgs.stderr, /^eval rate: +[\d.]+ tokens\/s$/m);
        const piped = run(["story", "--temperature", "0", "--num-predict", "12"], "Once upon a time");
        assert.equal(piped.status, 0, piped.stderr);
        assert.ok(piped.stdout.startsWith(lily), piped.stdout);
        const embedding = run(["embedder", "hello"]);
        assert.equal(JSON.parse(embedding.stdout).length, 64);
    });

    test("non-ASCII prompts and output stream intact", async () => {
        let text = "";
        for await (const part of await ollama.generate({
            model: "story",
            prompt: "你好 🙂 Once upon a time",
            options: { temperature: 0, num_predict: 30 },
            stream: true
        })) {
            assert.ok(!part.response!.includes("\uFFFD"), `no broken character in ${JSON.stringify(part.response)}`);
            text += part.response;
        }
        assert.ok(text.length > 0);
        const raw = await ollama.generate({ model: "story", prompt: "🙂", raw: true, options: { temperature: 0, num_predict: 10 } });
        assert.ok(!raw.response!.includes("\uFFFD"));
    });

    test("bad input gets Ollama's status and message, and the server keeps serving", async () => {
        const post = (path: string, body: string, method = "POST") => fetch(`${kettle.url}${path}`, { method, body });
        const cases: [Promise<Response>, number, RegExp][] = [
            [post("/api/generate", "{not json"), 400, /invalid JSON/],
            [post("/api/generate", ""), 400, /^missing request body$/],
            [post("/api/generate", JSON.stringify({ model: "story", prompt: 42 })), 400, /prompt: expected/],
            [post("/api/generate", JSON.stringify({ model: "story", options: "hot" })), 400, /options: expected/],
            [post("/api/generate", JSON.stringify({ model: "nope", prompt: "x" })), 404, /^model 'nope:latest' not found$/],
            [post("/api/generate", JSON.stringify({})), 404, /^model '' not found$/],
            [post("/api/chat", JSON.stringify({})), 400, /^model is required$/],
            [post("/api/generate", JSON.stringify({ model: "story", prompt: "x", keep_alive: "3600" })), 400, /keep_alive/],
            [post("/api/generate", JSON.stringify({ model: "../../etc", prompt: "x" })), 400, /invalid model name/],
            [
                post("/api/embed", JSON.stringify({ model: "embedder", input: "word ".repeat(3000), truncate: false })),
                400,
                /the input length exceeds the context length/
            ],
            [post("/api/embed", JSON.stringify({ model: "embedder", input: 42 })), 400, /invalid input type/],
            [
                post("/api/generate", JSON.stringify({ model: "story", prompt: "x", raw: true, system: "s" })),
                400,
                /raw mode does not support template, system, or context/
            ],
            [post("/api/nope", "{}"), 404, /not found/],
            [post("/api/tags", "{}"), 405, /not allowed/],
            [post("/api/blobs/sha256:zzz", "x"), 400, /invalid digest format/],
            [post(`/api/blobs/sha256:${"0".repeat(64)}`, "not those bytes"), 400, /digest mismatch/]
        ];
        for (const [pending, status, message] of cases) {
            const response = await pending;
            const body = (await response.json()) as { error: string };
            assert.equal(response.status, status, `${body.error}`);
            assert.match(body.error, message);
        }
        const still = await ollama.generate({ model: "story", prompt: "Once upon a time", options: greedy });
        assert.ok(still.response!.startsWith(lily));
    });

    test("a client that disconnects stops its generation, and its only slot serves the next request", async () => {
        // Greedy decoding of this random-weight model never samples end-of-generation, and filling a
        // 64K context takes minutes: only the disconnect can end this generation within the test.
        await kettle.createModel("endless", randomModel(["--ctx", "65536", "--chat-template", "none"]));
        const options = { temperature: 0, num_ctx: 65536 };
        const psEntry = async () => {
            const { models } = (await (await fetch(`${kettle.url}/api/ps`)).json()) as {
                models: { name: string; sequences_busy: number; sequences_total: number }[];
            };
            return models.find((model) => model.name === "endless:latest");
        };
        const controller = new AbortController();
        const response = await fetch(`${kettle.url}/api/generate`, {
            method: "POST",
            body: JSON.stringify({ model: "endless", prompt: "Once upon a time", options: { ...options, num_predict: -1 } }),
            signal: controller.signal
        });
        const reader = response.body!.getReader();
        await reader.read();
        let model = await psEntry();
        assert.deepEqual([model?.sequences_busy, model?.sequences_total], [1, 1], "the generation holds the model's one slot");
        controller.abort();
        // Bounded wait for the slot to be released; an uncancelled generation would hold it for minutes.
        for (let i = 0; i < 300 && model?.sequences_busy !== 0; i++) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            model = await psEntry();
        }
        assert.equal(model?.sequences_busy, 0, `the abandoned generation still holds its slot: ${JSON.stringify(model)}`);
        // Same load options, so the same warm model: this needs the slot the abandoned generation had.
        const next = await ollama.generate({ model: "endless", prompt: "Once upon a time", options: { ...options, num_predict: 4 } });
        assert.equal(next.eval_count, 4);
        assert.equal(next.done_reason, "length");
    });
});
