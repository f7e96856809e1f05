/**
 * @module openLocalClient
 * Loads the configuration, opens the model store it names, runs the start-up prune (unless
 * OLLAMA_NOPRUNE) and returns an in-process client over it. Config warnings go to stderr.
 */
import { loadConfig } from "../../config/loadConfig.js";
import { ModelStore } from "../../runtime/store/ModelStore.js";
import { LocalClient } from "./LocalClient.js";

/** Blobs written this recently may belong to another process's `create` that has not written its manifest yet. */
const pruneGraceMs = 10 * 60 * 1000;

export async function openLocalClient(options: { configFile?: string } = {}): Promise<LocalClient> {
    const { config, diagnostics } = loadConfig(options.configFile ? { file: options.configFile } : {});
    if (diagnostics.warnings.length > 0) process.stderr.write(diagnostics.renderWarnings() + "\n");
    const store = new ModelStore(config.store.path);
    if (!config.store.noprune) await store.prune({ graceMs: pruneGraceMs });
    return new LocalClient(store, { noprune: config.store.noprune });
}
