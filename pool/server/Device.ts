/**
 * @module Device
 * Something a lane runs models on: the CPU (system memory) or one GPU (its VRAM). A GPU lane is a
 * process started with `CUDA_VISIBLE_DEVICES` set to its index, because CUDA picks devices per
 * process. Injected inventories (tests, `KETTLE_DEVICES`) describe GPUs whose lanes run on the CPU.
 */
export type Device = {
    /** "cpu", or "gpu<index>". */
    id: string;
    kind: "cpu" | "gpu";
    /** The GPU's index (CUDA ordinal). */
    index?: number;
    name: string;
    totalBytes: number;
    /** Free when Kettle started. */
    freeBytes: number;
    /** What the lane's node-llama-cpp is asked for: "auto" on a real GPU, false on the CPU or a fake GPU. */
    engineGpu: "auto" | false;
};
