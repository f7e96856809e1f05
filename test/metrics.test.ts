/**
 * `/metrics` and the access log against a real `kettle serve`: the exposition parses as
 * Prometheus' text format; token counters grow by exactly what the responses said (`eval_count`,
 * `prompt_eval_count`, OpenAI's usage); latency histograms count what was served; gauges show the
 * warm model; embedding cache hits and misses; `server.metrics = false` is a 404. Each request has
 * an id (the client's, or a new one) and one access line, in text or JSON, naming its key but never
 * the secret.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import OpenAI from "openai";
import { Ollama } from "ollama";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { startKettle, type Kettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";

type Family = {
    name: string;
    type: string;
    metrics: { labels?: Record<string, string>; value?: string; buckets?: Record<string, string>; count?: string }[];
};

async function scrape(kettle: Kettle, headers: Record<string, string> = {}): Promise<Map<string, Family>> {
    const response = await fetch(`${kettle.url}/metrics`, { headers });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const families = parsePrometheusTextFormat(text) as Family[];
    const metrics = new Map(families.map((family) => [family.name, family]));
    exposition.set(metrics, text);
    return metrics;
}

/** The value of a counter or gauge with these labels (0 when the series is absent). */
function value(metrics: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
    const family = metrics.get(name);
    const series = family?.metrics.find((metric) => Object.entries(labels).every(([key, wanted]) => metric.labels?.[key] === wanted));
    return series?.value !== undefined ? Number(series.value) : 0;
}

/**
 * A histogram's observation count for these labels, from its `_count` line (the parser keeps a
 * labelled histogram's buckets but drops its labels, count and sum).
 */
function count(metrics: Map<string, Family>, name: string, labels: Record<string, string>): number {
    const text = exposition.get(metrics)!;
    const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
    const line = text.split("\n").find((entry) => entry.startsWith(`${name}_count{`) && wanted.every((label) => entry.includes(label)));
    return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
}

const exposition = new WeakMap<Map<string, Family>, string>();

const model = "chat:latest";

describe("metrics", () => {
    test("counters agree with the responses; histograms and gauges follow what was served", async () => {
        const kettle = await startKettle();
        try {
            await kettle.createModel("chat", testModels.chatml);
            await kettle.createModel("embed", testModels.embed);
            const before = await scrape(kettle);
            for (const name of [
                "kettle_http_requests_total",
                "kettle_generated_tokens_total",
                "process_cpu_seconds_total",
                "kettle_models_loaded"
            ]) {
                assert.ok(before.has(name), `${name} is exported`);
            }

            const ollama = new Ollama({ host: kettle.url });
            const generated = await ollama.generate({
                model: "chat",
                prompt: "Once upon a time",
                options: { num_predict: 12, temperature: 0 }
            });
            let streamedEval = 0;
            let streamedPrompt = 0;
            for await (const part of await ollama.chat({
                model: "chat",
                messages: [{ role: "user", content: "Tell me a story" }],
                stream: true,
                options: { num_predict: 9, temperature: 0 }
            })) {
                if (part.done) {
                    streamedEval = part.eval_count;
                    streamedPrompt = part.prompt_eval_count;
                }
            }
            const openai = new OpenAI({ baseURL: `${kettle.url}/v1`, apiKey: "unused" });
            const completion = await openai.chat.completions.create({
                model: "chat",
                messages: [{ role: "user", content: "Hi" }],
                max_tokens: 7
            });

            const expectedGenerated = generated.eval_count + streamedEval + completion.usage!.completion_tokens;
            const expectedPrompt = generated.prompt_eval_count + streamedPrompt + completion.usage!.prompt_tokens;
            assert.ok(expectedGenerated > 3, "the model generated something");
            const after = await scrape(kettle);
            assert.equal(value(after, "kettle_generated_tokens_total", { model }), expectedGenerated);
            assert.equal(value(after, "kettle_prompt_tokens_total", { model }), expectedPrompt);
            assert.equal(count(after, "kettle_time_to_first_token_seconds", { model }), 3, "one first token per generation");
            assert.equal(
                count(after, "kettle_inter_token_latency_seconds", { model }),
                expectedGenerated - 3,
                "a gap between each two tokens"
            );
            assert.equal(count(after, "kettle_request_queue_seconds", { model }), 3);
            assert.equal(count(after, "kettle_model_load_seconds", { model }), 1, "loaded once");
            assert.equal(value(after, "kettle_http_requests_total", { route: "/api/generate", method: "POST", status: "200" }), 1);
            assert.equal(value(after, "kettle_http_requests_total", { route: "/api/chat", method: "POST", status: "200" }), 1);
            assert.equal(value(after, "kettle_http_requests_total", { route: "/v1/chat/completions", method: "POST", status: "200" }), 1);
            assert.equal(count(after, "kettle_http_request_duration_seconds", { route: "/api/chat" }), 1);
            assert.equal(value(after, "kettle_models_loaded"), 1);
            assert.equal(value(after, "kettle_sequences_total", { model }), 1);
            assert.equal(value(after, "kettle_sequences_busy", { model }), 0);
            assert.equal(value(after, "kettle_queue_depth", { model }), 0);
            assert.ok(value(after, "kettle_model_memory_bytes", { model }) > 0);

            // A 404 counts under no route pattern (paths are not labels).
            await fetch(`${kettle.url}/no/such/path`);
            const missing = await scrape(kettle);
            assert.equal(value(missing, "kettle_http_requests_total", { route: "unmatched", method: "GET", status: "404" }), 1);

            const embedded = await ollama.embed({ model: "embed", input: ["one sentence", "another one"] });
            await ollama.embed({ model: "embed", input: "one sentence" });
            const embeds = await scrape(kettle);
            assert.equal(value(embeds, "kettle_embedding_cache_misses_total"), 2);
            assert.equal(value(embeds, "kettle_embedding_cache_hits_total"), 1);
            assert.ok(
                value(embeds, "kettle_prompt_tokens_total", { model: "embed" }) > embedded.prompt_eval_count!,
                "both requests' tokens"
            );
            assert.equal(value(embeds, "kettle_batch_lines_pending"), 0);
            assert.equal(value(embeds, "kettle_batch_lines_total", { status: "completed" }), 0);
        } finally {
            await kettle.stop();
        }
    });

    test("server.metrics = false: /metrics is not served", async () => {
        const kettle = await startKettle({ config: "[server]\nmetrics = false\n" });
        try {
            const response = await fetch(`${kettle.url}/metrics`);
            assert.equal(response.status, 404);
            assert.match(((await response.json()) as { error: string }).error, /not found/);
        } finally {
            await kettle.stop();
        }
    });
});

describe("access log and request ids", () => {
    test("text: one line per request with its model, tokens, key name and id; the id is the client's or a new one", async () => {
        const secret = "s3cret-value-never-logged";
        const kettle = await startKettle({ env: { KETTLE_API_KEYS: `alice:${secret}`, KETTLE_API_KEY: secret } });
        try {
            await kettle.createModel("chat", testModels.chatml);
            const headers = { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" };
            const response = await fetch(`${kettle.url}/api/generate`, {
                method: "POST",
                headers: { ...headers, "X-Request-Id": "client-chosen-1" },
                body: JSON.stringify({ model: "chat", prompt: "Once", stream: false, options: { num_predict: 5 } })
            });
            assert.equal(response.headers.get("x-request-id"), "client-chosen-1");
            const body = (await response.json()) as { eval_count: number; prompt_eval_count: number };
            const tags = await fetch(`${kettle.url}/api/tags`, { headers });
            const generatedId = tags.headers.get("x-request-id");
            assert.match(generatedId ?? "", /^[0-9a-f-]{36}$/, "a new id when the client sent none");
            const refused = await fetch(`${kettle.url}/api/tags`, { headers: { "X-Request-Id": "bad id with spaces" } });
            assert.equal(refused.status, 401);
            assert.notEqual(refused.headers.get("x-request-id"), "bad id with spaces", "an id that is not a token is replaced");

            const logs = await waitForLog(kettle, refused.headers.get("x-request-id")!);
            const line = logs.split("\n").find((entry) => entry.includes("request_id=client-chosen-1"));
            assert.ok(line, logs);
            assert.match(line, /^kettle: POST \/api\/generate 200 duration_ms=[\d.]+ /);
            assert.match(
                line,
                new RegExp(`model=chat prompt_tokens=${body.prompt_eval_count} generated_tokens=${body.eval_count} key=alice `)
            );
            assert.match(logs, new RegExp(`kettle: GET /api/tags 200 duration_ms=[\\d.]+ key=alice request_id=${generatedId}`));
            assert.match(logs, /kettle: GET \/api\/tags 401 /);
            assert.doesNotMatch(kettle.logs(), new RegExp(secret), "no secret in the logs");
        } finally {
            await kettle.stop();
        }
    });

    test("json: every server line is a JSON object; the access line has its fields", async () => {
        const kettle = await startKettle({ config: '[log]\nformat = "json"\n' });
        try {
            const response = await fetch(`${kettle.url}/api/version`, { headers: { "X-Request-Id": "json-1" } });
            assert.equal(response.status, 200);
            await waitForLog(kettle, "json-1");
            const lines = kettle
                .logs()
                .split("\n")
                .filter((line) => line.trim() !== "");
            const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
            assert.ok(records.some((record) => String(record.msg).startsWith("listening on")));
            const access = records.find((record) => record.request_id === "json-1")!;
            assert.equal(access.method, "GET");
            assert.equal(access.path, "/api/version");
            assert.equal(access.status, 200);
            assert.equal(typeof access.duration_ms, "number");
            assert.equal(typeof access.time, "number");
        } finally {
            await kettle.stop();
        }
    });
});

async function waitForLog(kettle: Kettle, text: string): Promise<string> {
    const deadline = Date.now() + 5000;
    while (!kettle.logs().includes(text) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return kettle.logs();
}
