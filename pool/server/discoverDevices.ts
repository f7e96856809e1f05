/**
 * @module discoverDevices
 * The devices Kettle can place models on: the CPU always, plus each CUDA GPU node-llama-cpp finds
 * (probed in a child process per GPU, so the server itself never initialises CUDA), or the GPUs an
 * injected inventory file describes (`KETTLE_DEVICES`; tests run the lane machinery on CPU with it).
 * Without CUDA GPUs the CPU lane keeps node-llama-cpp's "auto" GPU setting, so Metal and Vulkan
 * still work as a single device.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cpus, freemem, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { environmentWith, getEnv } from "../../config/env.js";
import type { Device } from "./Device.js";

const run = promisify(execFile);
const probe = fileURLToPath(new URL("../probe/probeGpus.js", import.meta.url));

export async function discoverDevices(): Promise<Device[]> {
    const injected = getEnv("KETTLE_DEVICES");
    const gpus = injected !== undefined ? readInventory(injected) : await probeCudaGpus();
    const cpu: Device = {
        id: "cpu",
        kind: "cpu",
        name: cpus()[0]?.model.trim() || "CPU",
        totalBytes: totalmem(),
        freeBytes: freemem(),
        engineGpu: gpus.length > 0 || injected !== undefined ? false : "auto"
    };
    return [cpu, ...gpus];
}

function readInventory(path: string): Device[] {
    let parsed: unknown;
    try {
        parsed = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
        throw new Error(`KETTLE_DEVICES: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const list = (parsed as { gpus?: unknown }).gpus;
    if (!Array.isArray(list)) throw new Error(`KETTLE_DEVICES: ${path} must hold {"gpus": [...]}`);
    return list.map((gpu: Record<string, unknown>, index): Device => {
        const total = Number(gpu.total_bytes);
        const free = Number(gpu.free_bytes ?? total);
        if (!Number.isFinite(total) || total <= 0 || !Number.isFinite(free)) {
            throw new Error(`KETTLE_DEVICES: gpus[${index}] needs a positive total_bytes (and free_bytes)`);
        }
        return {
            id: `gpu${index}`,
            kind: "gpu",
            index,
            name: String(gpu.name ?? `GPU ${index}`),
            totalBytes: total,
            freeBytes: free,
            engineGpu: false
        };
    });
}

async function probeCudaGpus(): Promise<Device[]> {
    // No NVIDIA driver, no CUDA devices: skip the probe (it costs a process start and a binding load).
    if (process.platform === "linux" && !existsSync("/dev/nvidiactl")) return [];
    if (process.platform === "darwin") return [];
    const first = await probeOnce(undefined);
    const devices: Device[] = [];
    for (let index = 0; index < first.count; index++) {
        const one = await probeOnce(String(index));
        devices.push({
            id: `gpu${index}`,
            kind: "gpu",
            index,
            name: one.name ?? `GPU ${index}`,
            totalBytes: one.totalBytes ?? 0,
            freeBytes: one.freeBytes ?? 0,
            engineGpu: "auto"
        });
    }
    return devices;
}

async function probeOnce(visible: string | undefined): Promise<{ count: number; name?: string; totalBytes?: number; freeBytes?: number }> {
    try {
        const env = environmentWith(visible === undefined ? {} : { CUDA_VISIBLE_DEVICES: visible });
        const { stdout } = await run(process.execPath, [probe], { env, timeout: 60_000 });
        return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { count: number };
    } catch {
        return { count: 0 };
    }
}
