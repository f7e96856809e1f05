/**
 * The scheduler end to end: parallel slots and the queue limit, cancellation while queued,
 * eviction under a small memory budget, a model too large for it, replicas, and device lanes on a
 * fake two-GPU inventory (injected with KETTLE_DEVICES; the "GPU" lanes run on the CPU). Real
 * server processes, the tiny real models.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ollama } from "ollama";
import type { RunningModel } from "../runtime/ollama/types.js";
import { lanePids } from "../testing/lanePids.js";
import { startKettle, type Kettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";

const generate = (
    kettle: Kettle,
    model: string,
    options: Record<string, unknown> = {},
    extra: Record<string, unknown> = {},
    signal?: AbortSignal
) =>
    fetch(`${kettle.url}/api/generate`, {
        method: "POST",
        body: JSON.stringify({ model, prompt: "Once upon a time", stream: false, options: { temperature: 0, ...options }, ...extra }),
        ...(signal ? { signal } : {})
    });

async function ps(kettle: Kettle): Promise<RunningModel[]> {
    return ((await (await fetch(`${kettle.url}/api/ps`)).json()) as { models: RunningModel[] }).models;
}

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
    const deadline = Date.now() + 10_000;
    for (;;) {
        const value = await probe();
        if (ok(value)) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
    }
}

describe("slots and the queue", () => {
    let kettle: Kettle;
    before(async () => {
        kettle = await startKettle({ env: { OLLAMA_NUM_PARALLEL: "2", OLLAMA_MAX_QUEUE: "5" } });
        await kettle.createModel("story", testModels.plain);
    });
    after(async () => {
        await kettle?.stop();
    });

    test("20 concurrent requests against num_parallel 2 and max_queue 5: the rest get 503, every admitted request completes", async () => {
        await generate(kettle, "story", { num_predict: 1 });
        const responses = await Promise.all(Array.from({ length: 20 }, () => generate(kettle, "story", { num_predict: 1500 })));
        const ok = responses.filter((response) => response.status === 200);
        const busy = responses.filter((response) => response.status === 503);
        assert.equal(ok.length + busy.length, 20, `statuses: ${responses.map((r) => r.status).join(" ")}`);
        // 2 running + 5 waiting are admitted; a request finishing early may let one or two late arrivals in.
        assert.ok(ok.length >= 7 && ok.length <= 9, `admitted ${ok.length}`);
        for (const response of busy) {
            assert.equal(response.headers.get("retry-after"), "1");
            assert.deepEqual(await response.json(), { error: "server busy, please try again.  maximum pending requests exceeded" });
        }
        for (const response of ok) {
            const body = (await response.json()) as { done: boolean; eval_count: number };
            assert.equal(body.done, true);
            assert.ok(body.eval_count > 0);
        }
    });

    test("/api/stats reports each request's queue wait, measured on the server: queued ones waited for a slot", async () => {
        type Stats = { queue: { requests: number; total_wait_ms: number; recent: { seq: number; model: string; wait_ms: number }[] } };
        const stats = async () => ((await (await fetch(`${kettle.url}/api/stats`)).json()) as Stats).queue;
        const before = await stats();
        // Two slots, three requests of 400 tokens: the third waits for one of the first two to end.
        const started = performance.now();
        const bodies = await Promise.all(
            Array.from(
                { length: 3 },
                async () => (await generate(kettle, "story", { num_predict: 400 })).json() as Promise<{ total_duration: number }>
            )
        );
        const elapsed = performance.now() - started;
        const after = await stats();
        assert.equal(after.requests, before.requests + 3);
        const mine = after.recent.filter((entry) => entry.seq > (before.recent.at(-1)?.seq ?? 0));
        assert.equal(mine.length, 3);
        for (const entry of mine) assert.equal(entry.model, "story:latest");
        const waits = mine.map((entry) => entry.wait_ms).sort((a, b) => a - b);
        const shortest = Math.min(...bodies.map((body) => body.total_duration / 1e6));
        assert.ok(waits[0]! < 50 && waits[1]! < 50, `the first two found a free slot: ${waits.join(", ")} ms`);
        assert.ok(
            waits[2]! >= shortest * 0.5 && waits[2]! <= elapsed,
            `the third waited for a slot: ${waits[2]} ms (shortest run ${shortest} ms)`
        );
        assert.ok(after.total_wait_ms >= before.total_wait_ms + waits[2]! - 0.01);
    });

    test("ps shows busy and total sequences and the queue; a request cancelled while queued leaves it", async () => {
        const long = { num_predict: 100000 };
        const running = [new AbortController(), new AbortController()];
        // Read the streams until aborted: an unread response body may be collected, which cancels the request.
        const streams = await Promise.all(
            running.map((controller) => generate(kettle, "story", long, { stream: true }, controller.signal))
        );
        const draining = streams.map((response) => response.text().catch(() => ""));
        const waiting = new AbortController();
        const queued = generate(kettle, "story", long, {}, waiting.signal).catch((error: unknown) => error);
        const [busy] = await until(
            () => ps(kettle),
            (models) => models[0]?.queue_depth === 1,
            "one queued request"
        );
        assert.equal(busy!.sequences_busy, 2);
        assert.equal(busy!.sequences_total, 2);
        assert.equal(busy!.replicas, 1);
        assert.equal(busy!.lane, "cpu");
        waiting.abort();
        assert.equal(((await queued) as Error).name, "AbortError");
        const [after] = await until(
            () => ps(kettle),
            (models) => models[0]?.queue_depth === 0,
            "the queue to empty"
        );
        assert.equal(after!.sequences_busy, 2, "the running requests are unaffected");
        for (const controller of running) controller.abort();
        await Promise.all(draining);
        await until(
            () => ps(kettle),
            (models) => models[0]?.sequences_busy === 0,
            "the slots to free"
        );
    });
});

describe("memory budget", () => {
    let kettle: Kettle;
    before(async () => {
        // Each tiny model is estimated at about 4.6 MB with a 2048-token context: two fit in 10 MB, three do not.
        kettle = await startKettle({ config: "[scheduler]\nmemory_limit = 10000000\nmax_loaded_models = 8\n" });
        // Distinct system prompts make distinct models (the same weights under two names share one warm copy).
        for (const name of ["a", "b", "c"]) await kettle.createModel(name, testModels.plain, { system: name });
    });
    after(async () => {
        await kettle?.stop();
    });

    test("a model that does not fit evicts the idle model used least recently", async () => {
        const names = async () => (await ps(kettle)).map((model) => model.name).sort();
        for (const name of ["a", "b"]) assert.equal((await generate(kettle, name, { num_predict: 2 }, { keep_alive: -1 })).status, 200);
        assert.deepEqual(await names(), ["a:latest", "b:latest"]);
        // a was used first, so it goes; b stays.
        assert.equal((await generate(kettle, "c", { num_predict: 2 }, { keep_alive: -1 })).status, 200);
        assert.deepEqual(await names(), ["b:latest", "c:latest"]);
        // Now c is older than b: loading a evicts c.
        assert.equal((await generate(kettle, "b", { num_predict: 2 })).status, 200);
        assert.equal((await generate(kettle, "a", { num_predict: 2 })).status, 200);
        assert.deepEqual(await names(), ["a:latest", "b:latest"]);
    });

    test("a model too large for the budget fails at once with both sizes", async () => {
        // 64 parallel sequences of 2048 tokens: far past 10 MB of KV cache.
        const response = await fetch(`${kettle.url}/api/generate`, {
            method: "POST",
            body: JSON.stringify({ model: "a", prompt: "x", options: { num_ctx: 2048, num_predict: 1 } })
        });
        assert.equal(response.status, 200);
        const big = await startKettle({ config: "[scheduler]\nmemory_limit = 3000000\n" });
        try {
            await big.createModel("a", testModels.plain);
            const refused = await generate(big, "a", { num_predict: 1 });
            assert.equal(refused.status, 500);
            assert.match(
                ((await refused.json()) as { error: string }).error,
                /model "a:latest" requires more memory \([\d.]+ GiB\) than is available on cpu \([\d.]+ GiB\)/
            );
            assert.deepEqual(await ps(big), []);
        } finally {
            await big.stop();
        }
    });
});

describe("replicas and device lanes", () => {
    let kettle: Kettle;
    before(async () => {
        const dir = mkdtempSync(join(tmpdir(), "kettle-devices-"));
        const inventory = join(dir, "devices.json");
        writeFileSync(
            inventory,
            JSON.stringify({
                gpus: [
                    { name: "Fake GPU A", total_bytes: 8e9, free_bytes: 6e9 },
                    { name: "Fake GPU B", total_bytes: 8e9, free_bytes: 7e9 }
                ]
            })
        );
        kettle = await startKettle({
            env: { KETTLE_DEVICES: inventory },
            config: [
                "[scheduler]",
                "workers = 2",
                '[models."twin"]',
                "replicas = 2",
                "num_parallel = 1",
                '[models."pinned"]',
                "gpu = 0",
                '[models."cpu-only"]',
                'gpu = "cpu"',
                ""
            ].join("\n")
        });
        for (const name of ["free", "twin", "pinned", "cpu-only"]) await kettle.createModel(name, testModels.plain, { system: name });
    });
    after(async () => {
        await kettle?.stop();
    });

    const laneOf = async (name: string) => (await ps(kettle)).find((model) => model.name === `${name}:latest`)?.lane;

    test('placement: a pin wins; otherwise the GPU with the most free memory; "cpu" stays on the CPU', async () => {
        for (const name of ["pinned", "free", "cpu-only"]) assert.equal((await generate(kettle, name, { num_predict: 2 })).status, 200);
        assert.equal(await laneOf("pinned"), "gpu0");
        assert.equal(await laneOf("free"), "gpu1");
        assert.equal(await laneOf("cpu-only"), "cpu");
    });

    test("replicas: two warm copies in two workers serve two requests at once", async () => {
        const controllers = [new AbortController(), new AbortController()];
        const streams = await Promise.all(
            controllers.map((controller) => generate(kettle, "twin", { num_predict: 100000 }, { stream: true }, controller.signal))
        );
        const draining = streams.map((response) => response.text().catch(() => ""));
        const [twin] = await until(
            () => ps(kettle).then((models) => models.filter((model) => model.name === "twin:latest")),
            (models) => models[0]?.sequences_busy === 2,
            "both replicas busy"
        );
        assert.equal(twin!.replicas, 2);
        assert.equal(twin!.sequences_total, 2);
        assert.equal(twin!.queue_depth, 0);
        for (const controller of controllers) controller.abort();
        await Promise.all(draining);
    });

    test("a killed GPU lane is restarted and its model reloads on demand", async () => {
        assert.equal((await generate(kettle, "pinned", { num_predict: 2 })).status, 200);
        const lanes = lanePids(kettle.process.pid!);
        assert.equal(lanes.length, 3, "cpu, gpu0 and gpu1 lanes");
        const gpu0 = lanes.find((pid) => readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes("CUDA_VISIBLE_DEVICES=0"));
        assert.ok(gpu0, "a lane with CUDA_VISIBLE_DEVICES=0");
        process.kill(gpu0, "SIGKILL");
        await until(
            () => laneOf("pinned"),
            (lane) => lane === undefined,
            "the dead lane's model to leave ps"
        );
        const again = await until(
            () => generate(kettle, "pinned", { num_predict: 4 }).then((response) => response.status),
            (status) => status === 200,
            "the pinned model to serve again"
        );
        assert.equal(again, 200);
        assert.equal(await laneOf("pinned"), "gpu0");
    });

    test("a pin to a GPU that does not exist is a clear error", async () => {
        const other = await startKettle({ config: '[models."ghost"]\ngpu = 3\n' });
        try {
            await other.createModel("ghost", testModels.plain);
            const response = await generate(other, "ghost", { num_predict: 1 });
            assert.equal(response.status, 500);
            assert.match(
                ((await response.json()) as { error: string }).error,
                /pinned to GPU 3 in kettle.toml, but the GPUs here are none/
            );
        } finally {
            await other.stop();
        }
    });
});

describe("load failures", () => {
    let kettle: Kettle;
    before(async () => {
        kettle = await startKettle();
        await kettle.createModel("story", testModels.plain);
        // A GGUF model is not a LoRA adapter: the engine fails to load it.
        const bytes = readFileSync(testModels.chatml);
        const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
        await fetch(`${kettle.url}/api/blobs/${digest}`, { method: "POST", body: bytes });
        const created = await fetch(`${kettle.url}/api/create`, {
            method: "POST",
            body: JSON.stringify({ model: "broken", from: "story", adapters: { "adapter.gguf": digest }, stream: false })
        });
        assert.equal(created.status, 200);
    });
    after(async () => {
        await kettle?.stop();
    });

    test("one failure reaches every waiting request, and the model is not retried in a tight loop", async () => {
        const errorOf = async (response: Response) => [response.status, ((await response.json()) as { error: string }).error] as const;
        const together = await Promise.all([1, 2, 3].map(() => generate(kettle, "broken", { num_predict: 1 }).then(errorOf)));
        for (const [status, error] of together) {
            assert.equal(status, 500);
            assert.match(error, /error loading model "broken:latest": Failed to initialize LoRA adapter/);
        }
        const [status, error] = await errorOf(await generate(kettle, "broken", { num_predict: 1 }));
        assert.equal(status, 500);
        assert.match(error, /Failed to initialize LoRA adapter .*\(not retried for another [12]s\)/);
        // Other models are unaffected.
        assert.equal((await generate(kettle, "story", { num_predict: 1 })).status, 200);
    });
});

// Keeps the ollama client import honest: the typed ps response carries Kettle's fields through it.
test("the ollama client reads ps with Kettle's extra fields", async () => {
    const kettle = await startKettle();
    try {
        await kettle.createModel("story", testModels.plain);
        await generate(kettle, "story", { num_predict: 1 });
        const listed = (await new Ollama({ host: kettle.url }).ps()).models[0] as unknown as RunningModel;
        assert.equal(listed.name, "story:latest");
        assert.equal(listed.sequences_total, 1);
        assert.equal(listed.lane, "cpu");
    } finally {
        await kettle.stop();
    }
});
