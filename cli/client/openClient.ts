/**
 * @module openClient
 * Finds the server the CLI should talk to (KETTLE_HOST / OLLAMA_HOST, as Ollama's CLI does). The
 * model-management commands fall back to working on the store in process when no server answers,
 * so `kettle list` and `kettle create` work before anything is started.
 */
import { getEnv } from "../../config/env.js";
import { loadConfig } from "../../config/loadConfig.js";
import type { Config } from "../../config/Config.js";
import { ModelTransfers } from "../../runtime/registry/ModelTransfers.js";
import { ModelStore } from "../../runtime/store/ModelStore.js";
import { HttpClient } from "./HttpClient.js";
import type { KettleClient } from "./KettleClient.js";
import { LocalClient } from "./LocalClient.js";
import { ServerUnreachableError } from "./ServerUnreachableError.js";

/** Blobs written this recently may belong to another process's `create` that has not written its manifest yet. */
const pruneGraceMs = 10 * 60 * 1000;

export function readCliConfig(configFile?: string): Config {
    const { config, diagnostics } = loadConfig(configFile ? { file: configFile } : {});
    if (diagnostics.warnings.length > 0) process.stderr.write(diagnostics.renderWarnings() + "\n");
    return config;
}

/**
 * The URL a client uses for the configured address (a wildcard bind address means this machine):
 * HTTPS when the address says `https://` (KETTLE_HOST, OLLAMA_HOST) or the server has a certificate.
 */
export function serverUrl(config: Config): string {
    const host = ["0.0.0.0", "::", ""].includes(config.server.host) ? "127.0.0.1" : config.server.host;
    const address = getEnv("KETTLE_HOST") ?? getEnv("OLLAMA_HOST") ?? "";
    const scheme = /^https:\/\//i.test(address) || config.server.tlsCert !== "" ? "https" : "http";
    return `${scheme}://${host.includes(":") ? `[${host}]` : host}:${config.server.port}`;
}

/** A client for the running server, or undefined when nothing answers there. */
export async function connectServer(config: Config): Promise<HttpClient | undefined> {
    const url = serverUrl(config);
    try {
        const response = await fetch(`${url}/api/version`, { signal: AbortSignal.timeout(2000) });
        return response.ok ? new HttpClient(url) : undefined;
    } catch {
        return undefined;
    }
}

export async function requireServer(config: Config): Promise<HttpClient> {
    const client = await connectServer(config);
    if (!client) throw new ServerUnreachableError(serverUrl(config));
    return client;
}

/** The running server if there is one, else the store in process (after its start-up prune). */
export async function openClient(config: Config): Promise<KettleClient> {
    const server = await connectServer(config);
    if (server) return server;
    const store = new ModelStore(config.store.path);
    if (!config.store.noprune) await store.prune({ graceMs: pruneGraceMs });
    return new LocalClient(store, new ModelTransfers(store, config.registry, { noprune: config.store.noprune }), {
        noprune: config.store.noprune
    });
}
