/**
 * @module laneEnvironmentFor
 * The environment a device's lane process starts with. The one rule: a lane that drives llama.cpp
 * on the CPU (the CPU device, whatever GPU setting node-llama-cpp is given there, or a fake GPU of
 * an injected inventory) runs with a one-thread libuv pool, since each pool thread running a decode
 * starts its own OpenMP team and idle teams spin beside the busy one (decode fell to 0.6x of
 * in-process without it; bench/README.md). A real GPU's lane sees only its GPU.
 */
import { environmentWith, laneEnvironment } from "../../config/env.js";
import type { Device } from "./Device.js";

export function laneEnvironmentFor(device: Device): Record<string, string | undefined> {
    const onCpu = device.kind === "cpu" || device.engineGpu === false;
    const base = onCpu ? laneEnvironment() : environmentWith({});
    return device.kind === "gpu" ? { ...base, CUDA_VISIBLE_DEVICES: String(device.index) } : base;
}
