/**
 * @module probeGpus
 * Run as a short-lived child process: prints the CUDA GPUs node-llama-cpp sees (as JSON lines of
 * `{name, totalBytes, freeBytes}`) and exits. A child, so that the server process never initialises
 * CUDA itself: each GPU lane picks its device with CUDA_VISIBLE_DEVICES, which only works per process.
 */
import { getLlama, LlamaLogLevel } from "node-llama-cpp";

try {
    const llama = await getLlama({ gpu: "cuda", build: "never", logLevel: LlamaLogLevel.error });
    if (llama.gpu === "cuda") {
        const names = await llama.getGpuDeviceNames();
        const vram = await llama.getVramState();
        // With one visible device the totals are that device's.
        process.stdout.write(
            JSON.stringify({ count: names.length, name: names[0] ?? "GPU", totalBytes: vram.total, freeBytes: vram.free }) + "\n"
        );
    } else process.stdout.write(JSON.stringify({ count: 0 }) + "\n");
} catch {
    process.stdout.write(JSON.stringify({ count: 0 }) + "\n");
}
process.exit(0);
