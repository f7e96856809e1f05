/**
 * A seeded fuzz run against a real `kettle serve`: valid requests to every endpoint (native, OpenAI,
 * Anthropic, blobs, model management, pull and push to a closed loopback port) are mutated, and
 * each answer must be a 2xx, 3xx or 4xx in its API family's error shape; never a 5xx, never an
 * "internal error", never a hang. Afterwards nothing may have been written outside the model store
 * and the server must still generate the expected greedy text.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startKettle, type Kettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";
import { blockedFetchMarker } from "../testing/fuzz/blockRemoteFetch.js";
import { fuzzRequest } from "../testing/fuzz/fuzzRequest.js";
import { closedRegistryModel, fuzzStrings } from "../testing/fuzz/fuzzStrings.js";
import type { FuzzRequest, FuzzTemplate } from "../testing/fuzz/FuzzTemplate.js";
import { mulberry32 } from "../testing/fuzz/mulberry32.js";
import { diffSnapshots, snapshotFiles } from "../testing/fuzz/snapshotFiles.js";
import { parseModelName, modelNameProblem } from "../runtime/store/ModelName.js";

// Fixed, so a failure replays exactly; KETTLE_FUZZ_SEED and KETTLE_FUZZ_REQUESTS explore further by hand.
const seed = Number(process.env.KETTLE_FUZZ_SEED ?? 0x1604); // issue 16, item 4
const requestCount = Number(process.env.KETTLE_FUZZ_REQUESTS ?? 1200);
const concurrency = 8;
const requestTimeoutMs = 30_000;
const lily = ", there was a little girl named Lily";

const model = "story";
const pushable = "127.0.0.1:1/fuzz/story:latest";
const blobBytes = new TextEncoder().encode("a blob the fuzzer uploads");
const sha256 = (bytes: Uint8Array) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

function templates(modelDigest: string): FuzzTemplate[] {
    const cheap = { temperature: 0, num_predict: 2, top_k: 40, top_p: 0.9, seed: 1, stop: ["\n"] };
    const native = (name: string, method: FuzzTemplate["method"], path: string, body?: unknown, ok = true): FuzzTemplate => ({
        name,
        method,
        path,
        ...(body !== undefined ? { body } : {}),
        ok,
        family: "ollama"
    });
    const userMessages = [
        { role: "system", content: "You tell stories." },
        { role: "user", content: "Hi", images: [] }
    ];
    return [
        native("generate", "POST", "/api/generate", {
            model,
            prompt: "Once upon a time",
            stream: false,
            raw: false,
            think: false,
            format: "",
            images: [],
            context: [1, 2],
            keep_alive: "5m",
            logprobs: true,
            top_logprobs: 2,
            options: cheap
        }),
        native("generate stream", "POST", "/api/generate", {
            model,
            prompt: "Once",
            system: "s",
            options: { num_predict: 3, num_ctx: 256 }
        }),
        // Load-time options at the server's own values (no reload), for the fuzzer to push to their edges.
        native("generate load options", "POST", "/api/generate", {
            model,
            prompt: "Once",
            stream: false,
            options: {
                num_predict: 2,
                num_ctx: 256,
                num_batch: 512,
                num_thread: 1,
                use_mmap: true,
                num_keep: 4,
                repeat_last_n: 64,
                repeat_penalty: 1.1,
                presence_penalty: 0,
                frequency_penalty: 0,
                min_p: 0,
                typical_p: 1
            }
        }),
        native("generate json", "POST", "/api/generate", { model, prompt: "Once", format: "json", stream: false, options: cheap }),
        native("chat", "POST", "/api/chat", { model, messages: userMessages, stream: false, keep_alive: 300, options: cheap }),
        native("chat stream schema", "POST", "/api/chat", {
            model,
            messages: [{ role: "user", content: "Hi" }],
            format: { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
            options: { num_predict: 4 }
        }),
        native(
            "chat tools",
            "POST",
            "/api/chat",
            {
                model,
                stream: false,
                messages: [
                    { role: "user", content: "Hi" },
                    { role: "assistant", content: "", tool_calls: [{ function: { name: "f", arguments: { a: 1 } } }] },
                    { role: "tool", content: "r", tool_name: "f" }
                ],
                tools: [{ type: "function", function: { name: "f", description: "d", parameters: { type: "object", properties: {} } } }],
                tool_choice: "auto",
                options: cheap
            },
            false
        ),
        native("embed", "POST", "/api/embed", { model, input: ["a", "b"], truncate: true, dimensions: 8, keep_alive: "5m", options: {} }),
        native("embeddings", "POST", "/api/embeddings", { model, prompt: "a", options: { temperature: 0 } }),
        native("show", "POST", "/api/show", { model, verbose: true, options: {} }),
        native("copy", "POST", "/api/copy", { source: model, destination: "fuzz-copy" }),
        native("delete", "DELETE", "/api/delete", { model: "fuzz-copy" }, false),
        native("create from", "POST", "/api/create", {
            model: "fuzz-made",
            from: model,
            system: "s",
            template: "{{ .Prompt }}",
            license: ["MIT"],
            parameters: { temperature: 0.5, stop: ["x"], num_predict: 4 },
            messages: [{ role: "user", content: "hi" }],
            stream: false
        }),
        native("create files", "POST", "/api/create", { model: "fuzz-file", files: { "model.gguf": modelDigest }, stream: true }),
        // Paths that try to leave the store: they must be refused, and the snapshot proves nothing was written.
        native(
            "create path tricks",
            "POST",
            "/api/create",
            { model: "fuzz-trick", from: "./../../outside.gguf", files: { "../../outside.gguf": modelDigest }, stream: false },
            false
        ),
        native("pull", "POST", "/api/pull", { model: closedRegistryModel, insecure: true, stream: false }, false),
        native("push", "POST", "/api/push", { model: pushable, insecure: true, stream: true }, false),
        native("ps", "GET", "/api/ps"),
        native("tags", "GET", "/api/tags"),
        native("version", "GET", "/api/version"),
        native("root", "GET", "/"),
        native("stats", "GET", "/api/stats"),
        native("blob head", "HEAD", `/api/blobs/${modelDigest}`),
        native("blob upload", "POST", `/api/blobs/${sha256(blobBytes)}`, blobBytes),
        {
            name: "chat completions",
            method: "POST",
            path: "/v1/chat/completions",
            body: {
                model,
                messages: [
                    { role: "system", content: "s" },
                    { role: "user", content: [{ type: "text", text: "Hi" }] }
                ],
                max_tokens: 2,
                temperature: 0,
                top_p: 1,
                seed: 1,
                stop: ["\n"],
                n: 1,
                frequency_penalty: 0,
                presence_penalty: 0,
                response_format: { type: "text" },
                logprobs: true,
                top_logprobs: 1,
                stream: false
            },
            ok: true,
            family: "openai"
        },
        {
            name: "chat completions stream",
            method: "POST",
            path: "/v1/chat/completions",
            body: {
                model,
                messages: [{ role: "user", content: "Hi" }],
                max_completion_tokens: 2,
                stream: true,
                stream_options: { include_usage: true }
            },
            ok: true,
            family: "openai"
        },
        {
            name: "completions",
            method: "POST",
            path: "/v1/completions",
            body: { model, prompt: "Once", max_tokens: 2, temperature: 0, stop: "\n", logprobs: 1, stream: false },
            ok: true,
            family: "openai"
        },
        {
            name: "openai embeddings",
            method: "POST",
            path: "/v1/embeddings",
            body: { model, input: ["a"], encoding_format: "base64", dimensions: 8 },
            ok: true,
            family: "openai"
        },
        { name: "models", method: "GET", path: "/v1/models", ok: true, family: "openai" },
        { name: "model", method: "GET", path: `/v1/models/${model}`, ok: true, family: "openai" },
        {
            name: "messages",
            method: "POST",
            path: "/v1/messages",
            body: {
                model,
                max_tokens: 2,
                system: "s",
                messages: [
                    { role: "user", content: "Hi" },
                    { role: "assistant", content: [{ type: "text", text: "Hello" }] },
                    { role: "user", content: [{ type: "text", text: "More" }] }
                ],
                temperature: 0,
                top_p: 1,
                top_k: 1,
                stop_sequences: ["\n"],
                metadata: { user_id: "u" },
                stream: false
            },
            ok: true,
            family: "anthropic"
        },
        {
            name: "messages stream",
            method: "POST",
            path: "/v1/messages",
            body: { model, max_tokens: 2, messages: [{ role: "user", content: "Hi" }], thinking: { type: "disabled" }, stream: true },
            ok: true,
            family: "anthropic"
        },
        {
            name: "messages tools",
            method: "POST",
            path: "/v1/messages",
            body: {
                model,
                max_tokens: 2,
                messages: [
                    { role: "user", content: "Hi" },
                    { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "f", input: {} }] },
                    { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: "r" }] }
                ],
                tools: [{ name: "f", description: "d", input_schema: { type: "object" } }],
                tool_choice: { type: "auto" }
            },
            ok: false,
            family: "anthropic"
        },
        {
            name: "count tokens",
            method: "POST",
            path: "/v1/messages/count_tokens",
            body: { model, system: [{ type: "text", text: "s" }], messages: [{ role: "user", content: "Hi" }] },
            ok: true,
            family: "anthropic"
        }
    ];
}

type Outcome = { request: FuzzRequest; status: number; text: string } | { request: FuzzRequest; failure: string };

async function send(url: string, request: FuzzRequest): Promise<Outcome> {
    const signal = AbortSignal.timeout(requestTimeoutMs);
    try {
        const response = await fetch(`${url}${request.path}`, {
            method: request.method,
            headers: request.headers,
            ...(request.body !== undefined ? { body: request.body } : {}),
            signal
        });
        return { request, status: response.status, text: await response.text() };
    } catch (error) {
        return { request, failure: signal.aborted ? `no answer within ${requestTimeoutMs} ms` : String(error) };
    }
}

/** What is wrong with an answer, or undefined when it is fine. */
function problemOf(outcome: Outcome): string | undefined {
    if ("failure" in outcome) return outcome.failure;
    const { request, status, text } = outcome;
    if (/internal error/.test(text)) return `${status} with an internal error: ${text.slice(0, 300)}`;
    if (status >= 500) {
        // A registry that cannot be reached is upstream's fault (502), the one 5xx pull, push and
        // create (pulling a missing `from`) may answer: every target here is a closed loopback port.
        const transfer = ["/api/pull", "/api/push", "/api/create"].includes(new URL(request.path, "http://kettle").pathname);
        if (!(status === 502 && transfer && /127\.0\.0\.1:1\b/.test(text))) return `${status}: ${text.slice(0, 300)}`;
    }
    if (request.mutation === "valid" && request.template.ok && status >= 400)
        return `a valid request failed: ${status} ${text.slice(0, 300)}`;
    // Errors on a known route and method must come in the route's own API family's shape.
    const ownRoute = request.path === request.template.path && request.method === request.template.method;
    if (status >= 400 && ownRoute && request.method !== "HEAD" && !request.path.startsWith("/api/blobs/")) {
        let body: unknown;
        try {
            body = JSON.parse(text);
        } catch {
            return `${status} error body is not JSON: ${text.slice(0, 200)}`;
        }
        if (!hasFamilyShape(request.template.family, body))
            return `${status} error not in ${request.template.family} shape: ${text.slice(0, 200)}`;
    }
    return undefined;
}

function hasFamilyShape(family: FuzzTemplate["family"], body: unknown): boolean {
    const b = body as { error?: { message?: unknown; type?: unknown }; type?: unknown };
    switch (family) {
        case "ollama":
            return typeof b?.error === "string";
        case "openai":
            return typeof b?.error?.message === "string" && typeof b.error.type === "string";
        case "anthropic":
            return b?.type === "error" && typeof b.error?.message === "string" && typeof b.error.type === "string";
    }
}

describe("fuzzing every endpoint", () => {
    let kettle: Kettle;
    let tmp: string;
    let modelDigest: string;

    before(async () => {
        // The server's own temp files go to a folder of ours, so the snapshot sees them too.
        tmp = mkdtempSync(join(tmpdir(), "kettle-fuzz-tmp-"));
        const guard = pathToFileURL(join(import.meta.dirname, "../testing/fuzz/blockRemoteFetch.js")).href;
        kettle = await startKettle({
            env: {
                TMPDIR: tmp,
                NODE_OPTIONS: `--import=${guard}`,
                // Caps any generation the fuzzer makes unbounded (num_predict -1) at a few hundred tokens.
                OLLAMA_CONTEXT_LENGTH: "256",
                OLLAMA_KEEP_ALIVE: "10m"
            }
        });
        modelDigest = sha256(readFileSync(testModels.plain));
        await kettle.createModel(model, testModels.plain, { parameters: { num_predict: 4 } });
        const copied = await fetch(`${kettle.url}/api/copy`, {
            method: "POST",
            body: JSON.stringify({ source: model, destination: pushable })
        });
        assert.equal(copied.status, 200);
    });
    after(async () => {
        await kettle?.stop();
        if (tmp) rmSync(tmp, { recursive: true, force: true });
    });

    test("no strings the fuzzer sends can name a model on a real registry", () => {
        for (const text of fuzzStrings) {
            const name = parseModelName(text);
            assert.ok(
                modelNameProblem(name) !== undefined || /^127\.0\.0\.1:1$/.test(name.host) || /^https?:\/\/127\.0\.0\.1:1\//.test(text),
                text
            );
        }
    });

    test(`${requestCount} mutated requests, seed ${seed}: no 5xx, all answered, nothing written outside the store`, async (t) => {
        const random = mulberry32(seed);
        const all = templates(modelDigest);
        const requests = Array.from({ length: requestCount }, (_, i) => fuzzRequest(all[i % all.length]!, random));
        const outside = () => ({ home: snapshotFiles(kettle.dir, [kettle.store]), tmp: snapshotFiles(tmp) });
        const before = outside();

        const started = Date.now();
        const outcomes: Outcome[] = [];
        let next = 0;
        await Promise.all(
            Array.from({ length: concurrency }, async () => {
                while (next < requests.length) {
                    const request = requests[next++]!;
                    outcomes.push(await send(kettle.url, request));
                }
            })
        );
        const seconds = (Date.now() - started) / 1000;

        assert.equal(outcomes.length, requestCount, "every request settled");
        const problems = outcomes.flatMap((outcome) => {
            const problem = problemOf(outcome);
            if (problem === undefined) return [];
            const { request } = outcome;
            const body =
                typeof request.body === "string" ? request.body.slice(0, 300) : request.body ? `<${request.body.length} bytes>` : "";
            return [`${request.template.name} (${request.mutation}) ${request.method} ${request.path} ${body}\n    → ${problem}`];
        });
        const statuses = new Map<number, number>();
        for (const outcome of outcomes) if ("status" in outcome) statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
        const summary = `${requestCount} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`;
        t.diagnostic(`seed ${seed}, ${summary}`);
        assert.deepEqual(
            problems,
            [],
            `${problems.length} bad answers:\n${problems.slice(0, 40).join("\n")}\nserver log (end):\n${kettle.logs().slice(-4000)}`
        );

        assert.equal(kettle.process.exitCode, null, "the server is still running");
        assert.doesNotMatch(kettle.logs(), new RegExp(blockedFetchMarker), "the server tried to reach another machine");
        assert.doesNotMatch(kettle.logs(), /unexpected error/, "the server logged no unexpected errors");
        const after = outside();
        assert.deepEqual(
            [...diffSnapshots(before.home, after.home), ...diffSnapshots(before.tmp, after.tmp)],
            [],
            "nothing written outside the store"
        );
    });

    test("the server still generates the expected greedy text", async () => {
        const response = await fetch(`${kettle.url}/api/generate`, {
            method: "POST",
            body: JSON.stringify({ model, prompt: "Once upon a time", stream: false, options: { temperature: 0, num_predict: 12 } })
        });
        assert.equal(response.status, 200);
        const body = (await response.json()) as { response: string };
        assert.ok(body.response.startsWith(lily), body.response);
    });
});
