/**
 * @module startLlamaServer
 * Starts llama.cpp's `llama-server` on a free loopback port with a model and extra flags, and
 * waits for `/health`. For the benchmark contenders that compare with it.
 */
import { spawn } from "node:child_process";
import { freePort } from "../../cli/freePort.js";

export type LlamaServer = { url: string; stop(): Promise<void> };

export async function startLlamaServer(binary: string, model: string, flags: string[]): Promise<LlamaServer> {
    const port = await freePort();
    const child = spawn(binary, ["-m", model, "--host", "127.0.0.1", "--port", String(port), ...flags], {
        stdio: ["ignore", "ignore", "pipe"]
    });
    let log = "";
    child.stderr!.on("data", (text: Buffer) => (log = (log + text.toString()).slice(-4000)));
    const url = `http://127.0.0.1:${port}`;
    const stop = async () => {
        if (child.exitCode !== null) return;
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
    };
    for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
        if (child.exitCode !== null) throw new Error(`llama-server exited: ${log}`);
        const ok = await fetch(`${url}/health`).then(
            (r) => r.status === 200,
            () => false
        );
        if (ok) return { url, stop };
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill("SIGKILL");
    throw new Error(`llama-server did not start: ${log}`);
}
