import { EventEmitter } from "node:events";
import { test } from "node:test";
import assert from "node:assert/strict";
import type { LoadOptions, ModelDefinition } from "../../../runtime/engine/types.js";
import { ModelLoadError } from "../../../runtime/errors/ModelLoadError.js";
import { QueueFullError } from "../../../runtime/errors/QueueFullError.js";
import type { Device } from "../Device.js";
import { defaultInteractiveReserveMs } from "./batchPriority.js";
import { Scheduler, type Lease } from "./Scheduler.js";
import type { SchedulerLane } from "./SchedulerLane.js";

// The scheduler alone, through its lane seam: a fake lane records unloads; the clock is injected.

class FakeLane extends EventEmitter implements SchedulerLane {
    readonly unloads: string[] = [];
    constructor(
        readonly device: Device,
        public workerIds: number[] = [1, 2, 3, 4]
    ) {
        super();
    }
    get name(): string {
        return this.device.id;
    }
    unload(_workerId: number, key: string): void {
        this.unloads.push(key.split(":")[0]!);
    }
}

const cpuDevice: Device = { id: "cpu", kind: "cpu", name: "CPU", totalBytes: 1e12, freeBytes: 1e12, engineGpu: false };

/** A model whose memory estimate is exactly `bytes` (no KV cache, no compute buffers). */
function model(name: string, bytes = 100): ModelDefinition {
    return {
        name,
        digest: name,
        modelPath: `/models/${name}`,
        adapterPaths: [],
        parameters: {},
        messages: [],
        capabilities: ["completion"],
        details: {} as ModelDefinition["details"],
        shape: {
            fileBytes: bytes,
            blockCount: 0,
            embeddingLength: 0,
            headCount: 1,
            headCountKv: 0,
            keyLength: 0,
            valueLength: 0,
            vocabSize: 0
        }
    };
}

function load(sequences = 1): LoadOptions {
    return {
        contextSize: 256,
        batchSize: 1,
        gpuLayers: 0,
        useMmap: false,
        threads: 1,
        sequences,
        flashAttention: false,
        kvCacheType: "f16",
        embeddingSequences: 1,
        embeddingTokens: 1,
        sharePrefixes: true
    };
}

function setup(options: { budget?: number; maxQueue?: number; maxLoadedModels?: number; keepAliveMs?: number } = {}) {
    const lane = new FakeLane(cpuDevice);
    const clock = { now: 1_000_000 };
    const scheduler = new Scheduler<FakeLane>({
        lanes: [lane],
        budget: () => options.budget ?? 1e12,
        maxLoadedModels: options.maxLoadedModels ?? 0,
        maxQueue: options.maxQueue ?? 512,
        defaultKeepAliveMs: options.keepAliveMs ?? 300_000,
        now: () => clock.now
    });
    const use = async (name: string, keepAliveMs?: number, bytes = 100) => scheduler.acquire(model(name, bytes), load(), keepAliveMs);
    return { lane, clock, scheduler, use };
}

/** Settles within the next turns, or reads as still pending. */
async function settled<T>(promise: Promise<T>): Promise<T | "pending"> {
    return Promise.race([promise, new Promise<"pending">((resolve) => setTimeout(() => resolve("pending"), 20))]);
}

test("requests for a busy model wait first come first served", async () => {
    const { scheduler } = setup();
    const first = await scheduler.acquire(model("m"), load(1), undefined);
    const order: string[] = [];
    const waiting = ["b", "c", "d"].map((name) =>
        scheduler.acquire(model("m"), load(1), undefined).then((lease) => {
            order.push(name);
            return lease;
        })
    );
    assert.equal(scheduler.runningModels()[0]!.queue_depth, 3);
    first.release();
    const b = await waiting[0]!;
    assert.deepEqual(order, ["b"], "only the first waiter got the freed sequence");
    b.release();
    (await waiting[1]!).release();
    (await waiting[2]!).release();
    assert.deepEqual(order, ["b", "c", "d"]);
});

test("a batch's lines wait behind interactive requests, take a sequence only when none waits, and do not count toward max_queue", async () => {
    const { scheduler, clock } = setup({ maxQueue: 1 });
    const order: string[] = [];
    const preempted: string[] = [];
    const batchLine = (name: string) =>
        scheduler
            .acquire(model("m"), load(2), undefined, undefined, { replicas: 1 }, "batch", () => preempted.push(name))
            .then((lease) => {
                order.push(name);
                return lease;
            });
    const first = await batchLine("line 1");
    const second = await batchLine("line 2");
    const queuedLines = [batchLine("line 3"), batchLine("line 4")];
    // An interactive request arrives while both sequences run lines: it goes before the waiting lines.
    const interactive = scheduler.acquire(model("m"), load(2), undefined).then((lease) => {
        order.push("interactive");
        return lease;
    });
    assert.equal(await settled(interactive), "pending");
    first.release();
    const lease = await interactive;
    assert.deepEqual(order, ["line 1", "line 2", "interactive"]);
    second.release();
    // Interactive traffic is recent: the lines leave the freed sequence to the next request, which starts at once.
    assert.equal(await settled(queuedLines[0]!), "pending", "a sequence stays free for interactive requests");
    const next = await scheduler.acquire(model("m"), load(2), undefined);
    assert.deepEqual(preempted, ["line 2"], "only the first interactive request had to preempt a line");
    // max_queue is 1, yet an interactive request may queue: the waiting lines are not counted.
    const queued = scheduler.acquire(model("m"), load(2), undefined);
    assert.equal(await settled(queued), "pending");
    lease.release();
    (await queued).release();
    next.release();
    const third = await queuedLines[0]!;
    assert.equal(await settled(queuedLines[1]!), "pending", "still one sequence kept free");
    // Once no interactive request has come for a while, the lines take every sequence again.
    clock.now += defaultInteractiveReserveMs;
    await new Promise((resolve) => setTimeout(resolve, 600)); // the scheduler's retry (every 250 ms, unref'd) hands it out
    const fourth = await queuedLines[1]!;
    assert.deepEqual(order, ["line 1", "line 2", "interactive", "line 3", "line 4"]);
    third.release();
    fourth.release();
});

test("an interactive request waiting for a model whose sequences run batch lines preempts one line, once", async () => {
    const { scheduler } = setup();
    const preempted: string[] = [];
    const line = (name: string) =>
        scheduler.acquire(model("m"), load(2), undefined, undefined, { replicas: 1 }, "batch", () => preempted.push(name));
    const first = await line("line 1");
    const second = await line("line 2");
    const interactive = scheduler.acquire(model("m"), load(2), undefined);
    assert.deepEqual(preempted, ["line 2"], "the newest line gives its sequence up");
    const another = scheduler.acquire(model("m"), load(2), undefined);
    assert.deepEqual(preempted, ["line 2", "line 1"], "one line per waiting request");
    second.release();
    (await interactive).release();
    first.release();
    (await another).release();
    assert.deepEqual(preempted, ["line 2", "line 1"]);
});

test("max_queue: past the limit of waiting requests, a request is refused with QueueFullError", async () => {
    const { scheduler } = setup({ maxQueue: 1 });
    const held = await scheduler.acquire(model("m"), load(1), undefined);
    const queued = scheduler.acquire(model("m"), load(1), undefined);
    await assert.rejects(scheduler.acquire(model("m"), load(1), undefined), QueueFullError);
    held.release();
    (await queued).release();
});

test("under a memory budget, idle models are evicted least recently used first", async () => {
    const { lane, clock, use } = setup({ budget: 300 });
    for (const name of ["m1", "m2", "m3"]) {
        clock.now += 1000;
        (await use(name)).release();
    }
    clock.now += 1000;
    (await use("m1")).release(); // m1 is now the most recently used; m2 the least
    clock.now += 1000;
    (await use("m4")).release();
    assert.deepEqual(lane.unloads, ["m2"]);
    clock.now += 1000;
    (await use("m5", undefined, 200)).release();
    assert.deepEqual(lane.unloads, ["m2", "m3", "m1"], "room for 200 bytes: the two least recently used next");
});

test("a model serving requests is never evicted: the newcomer waits for it to drain", async () => {
    const { lane, use } = setup({ budget: 150 });
    const busy = await use("m1");
    const waiting = use("m2");
    assert.equal(await settled(waiting), "pending");
    assert.deepEqual(lane.unloads, []);
    busy.release();
    (await waiting).release();
    assert.deepEqual(lane.unloads, ["m1"]);
});

test("max_loaded_models: past the count, the least recently used idle model is evicted", async () => {
    const { lane, clock, scheduler, use } = setup({ maxLoadedModels: 2 });
    clock.now += 1000;
    (await use("m1")).release();
    clock.now += 1000;
    (await use("m2")).release();
    clock.now += 1000;
    (await use("m3")).release();
    assert.deepEqual(lane.unloads, ["m1"]);
    assert.deepEqual(
        scheduler
            .runningModels()
            .map((running) => running.name)
            .sort(),
        ["m2", "m3"]
    );
});

test("a failed load pauses the model's loading, doubling from 2 s; waiting requests get the reason", async () => {
    const { clock, scheduler } = setup();
    const lease = await scheduler.acquire(model("bad"), load(1), undefined);
    const waiter = scheduler.acquire(model("bad"), load(1), undefined);
    lease.loadFailed("the file is corrupt");
    await assert.rejects(waiter, (error: unknown) => error instanceof ModelLoadError && /the file is corrupt/.test(error.message));
    lease.release();
    await assert.rejects(scheduler.acquire(model("bad"), load(1), undefined), /not retried for another 2s/);
    clock.now += 2001;
    const again = await scheduler.acquire(model("bad"), load(1), undefined);
    again.loadFailed("still corrupt");
    again.release();
    clock.now += 2001;
    await assert.rejects(scheduler.acquire(model("bad"), load(1), undefined), /still corrupt \(not retried for another 2s\)/);
    clock.now += 2000;
    (await scheduler.acquire(model("bad"), load(1), undefined)).release();
});

test("keep-alive: the expiry counts from the last request's end, on the injected clock; 0 unloads at once", async () => {
    const { lane, clock, scheduler, use } = setup();
    const lease = await use("m", 5000);
    clock.now += 60_000;
    assert.equal(scheduler.runningModels()[0]!.expires_at, new Date(clock.now + 5000).toISOString(), "busy: the full keep-alive ahead");
    lease.release();
    const released = clock.now;
    clock.now += 1000;
    assert.equal(scheduler.runningModels()[0]!.expires_at, new Date(released + 5000).toISOString());
    (await use("n", 0)).release();
    assert.deepEqual(lane.unloads, ["n"]);
    (await use("forever", Number.POSITIVE_INFINITY)).release(); // keep_alive < 0, as parseKeepAlive reads it
    const forever = scheduler.runningModels().find((running) => running.name === "forever")!;
    assert.ok(Date.parse(forever.expires_at) > clock.now + 100 * 365 * 24 * 3600 * 1000);
});

test("keep-alive: an idle model is unloaded when its timer fires", async () => {
    const { lane, use } = setup();
    (await use("short", 30)).release();
    for (let waited = 0; lane.unloads.length === 0 && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(lane.unloads, ["short"]);
});

test("a worker that exits takes its replicas with it; the next request places the model again", async () => {
    const { lane, scheduler } = setup();
    const lease: Lease<FakeLane> = await scheduler.acquire(model("m"), load(1), undefined);
    lane.workerIds = lane.workerIds.filter((id) => id !== lease.workerId);
    lane.emit("worker-exited", lease.workerId);
    assert.equal(scheduler.runningModels().length, 0);
    const next = await scheduler.acquire(model("m"), load(1), undefined);
    assert.notEqual(next.workerId, lease.workerId);
    next.release();
});
