/**
 * @module startKettle
 * Starts a real `kettle serve` process on a free loopback port with a fresh temp model store, for
 * tests that speak HTTP to it. Models from ../shared/models are imported the way a client does it:
 * upload the blob, then `/api/create`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../cli/freePort.js";

export const kettleBin = fileURLToPath(new URL("../../bin/kettle.js", import.meta.url));

export type Kettle = {
    url: string;
    host: string;
    dir: string;
    store: string;
    process: ChildProcess;
    /** Everything the server wrote to stderr so far. */
    logs(): string;
    env: Record<string, string>;
    /** Uploads a GGUF and creates a model from it (plus extra create fields). */
    createModel(name: string, gguf: string, extra?: Record<string, unknown>): Promise<void>;
    stop(): Promise<void>;
};

export async function startKettle(
    options: {
        env?: Record<string, string>;
        args?: string[];
        config?: string;
        command?: "serve" | "dev";
        /** The folder of an earlier server (its store, batches and HOME), to start it again. */
        dir?: string;
        port?: number;
    } = {}
): Promise<Kettle> {
    const dir = options.dir ?? mkdtempSync(join(tmpdir(), "kettle-serve-"));
    const store = join(dir, "models");
    const port = options.port ?? (await freePort());
    const host = `127.0.0.1:${port}`;
    const env: Record<string, string> = {
        PATH: process.env.PATH ?? "",
        HOME: dir,
        KETTLE_MODELS: store,
        KETTLE_HOST: host,
        KETTLE_THREADS: "1",
        ...options.env
    };
    const args = [kettleBin];
    if (options.config) {
        writeFileSync(join(dir, "kettle.toml"), options.config);
        args.push("--config", join(dir, "kettle.toml"));
    }
    args.push(options.command ?? "serve", ...(options.args ?? []));
    const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    let logs = "";
    child.stderr!.setEncoding("utf8");
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (text: string) => (logs += text));
    await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`kettle serve did not start in time:\n${logs}`)), 30_000);
        child.stderr!.on("data", (text: string) => {
            logs += text;
            if (logs.includes("listening on")) {
                clearTimeout(timer);
                resolve();
            }
        });
        child.once("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`kettle serve exited with ${code}:\n${logs}`));
        });
    });
    const url = `http://${host}`;
    return {
        url,
        host,
        dir,
        store,
        process: child,
        env,
        logs: () => logs,
        async createModel(name, gguf, extra = {}) {
            // A server with API keys: the key the CLI would send (KETTLE_API_KEY in its environment).
            const headers: Record<string, string> = env.KETTLE_API_KEY ? { Authorization: `Bearer ${env.KETTLE_API_KEY}` } : {};
            const bytes = readFileSync(gguf);
            const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
            const upload = await fetch(`${url}/api/blobs/${digest}`, { method: "POST", body: bytes, headers });
            if (upload.status !== 201 && upload.status !== 200)
                throw new Error(`blob upload failed: ${upload.status} ${await upload.text()}`);
            const created = await fetch(`${url}/api/create`, {
                method: "POST",
                headers,
                body: JSON.stringify({ model: name, files: { "model.gguf": digest }, stream: false, ...extra })
            });
            if (created.status !== 200) throw new Error(`create failed: ${created.status} ${await created.text()}`);
        },
        async stop() {
            if (child.exitCode !== null) return;
            const exited = new Promise((resolve) => child.once("exit", resolve));
            child.kill("SIGTERM");
            const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
            await exited;
            clearTimeout(timer);
        }
    };
}

/** Reads an NDJSON response into its objects. */
export async function readNdjson(response: Response): Promise<Record<string, unknown>[]> {
    const text = await response.text();
    return text
        .split("\n")
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as Record<string, unknown>);
}
