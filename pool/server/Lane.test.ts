import { after, test } from "node:test";
import assert from "node:assert/strict";
import type { Device } from "./Device.js";
import { Lane } from "./Lane.js";

// Real lane processes, asked about themselves: a CPU lane must run llama.cpp from a one-thread
// libuv pool whatever GPU setting node-llama-cpp gets (a regression once halved decode speed).
const lanes: Lane[] = [];
after(async () => {
    await Promise.all(lanes.map((lane) => lane.close()));
});

const cpu = (engineGpu: Device["engineGpu"]): Device => ({
    id: "cpu",
    kind: "cpu",
    name: "CPU",
    totalBytes: 1e9,
    freeBytes: 1e9,
    engineGpu
});

async function report(device: Device) {
    const lane = new Lane(device, { workers: 1, gpu: device.engineGpu });
    lanes.push(lane);
    await lane.start();
    return lane.inspect();
}

// The environment the test runs in must not decide the answer.
const userSet = process.env.UV_THREADPOOL_SIZE;

test(
    "the CPU lane runs a one-thread libuv pool with node-llama-cpp's GPU setting on auto (no GPUs found)",
    { skip: userSet !== undefined },
    async () => {
        const answer = await report(cpu("auto"));
        assert.equal(answer.uvThreadpoolSize, 1);
        assert.ok(answer.pid > 0 && answer.pid !== process.pid);
    }
);

test("the CPU lane runs a one-thread libuv pool when GPUs take the GPU work (gpu false)", { skip: userSet !== undefined }, async () => {
    assert.equal((await report(cpu(false))).uvThreadpoolSize, 1);
});

test("a fake GPU's lane (an injected inventory) runs on the CPU, so it gets one thread too", { skip: userSet !== undefined }, async () => {
    const fake: Device = { id: "gpu0", kind: "gpu", index: 0, name: "fake", totalBytes: 1e9, freeBytes: 1e9, engineGpu: false };
    assert.equal((await report(fake)).uvThreadpoolSize, 1);
});

test("a real GPU's lane keeps libuv's default pool: the report reads the lane's own setting", { skip: userSet !== undefined }, async () => {
    const gpu: Device = { id: "gpu0", kind: "gpu", index: 0, name: "real", totalBytes: 1e9, freeBytes: 1e9, engineGpu: "auto" };
    assert.equal((await report(gpu)).uvThreadpoolSize, 4);
});
