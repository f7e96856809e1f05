/**
 * @module getEngineLlama
 * The node-llama-cpp runtime of this thread. Creating it loads the native binding and probes the
 * GPU (about half a second), so each worker thread does it once and every model shares it.
 */
import { getLlama, LlamaLogLevel, type Llama, type LlamaOptions } from "node-llama-cpp";

export type EngineGpu = LlamaOptions["gpu"];

const instances = new Map<string, Promise<Llama>>();

/** The thread's `Llama` for a GPU setting (default "auto"); created on first use, then shared. */
export function getEngineLlama(options: { gpu?: EngineGpu } = {}): Promise<Llama> {
    const gpu = options.gpu ?? "auto";
    const key = JSON.stringify(gpu);
    let instance = instances.get(key);
    if (!instance) {
        // build "never": a server must not start compiling llama.cpp on a request; the prebuilt binaries are expected.
        instance = getLlama({ gpu, logLevel: LlamaLogLevel.warn, build: "never" });
        // A failed start (no binary for this GPU) must not stick: the next request may try again.
        instance.catch(() => instances.delete(key));
        instances.set(key, instance);
    }
    return instance;
}
