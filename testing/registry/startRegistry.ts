/**
 * @module startRegistry
 * A real OCI registry on loopback: Debian's `docker-registry` (distribution 2.8), with its storage
 * in a temp folder and, when asked, token authentication against a {@link startTokenServer}.
 * `.ci/run` installs the package; without it these tests fail and say so.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { freePort } from "../../cli/freePort.js";

export type Registry = { url: string; host: string; dir: string; logs(): string; stop(): Promise<void> };

export type TokenAuth = { realm: string; service: string; issuer: string; rootCertBundle: string };

export function registryBinary(): string {
    const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/bin"];
    const found = dirs.map((dir) => join(dir, "docker-registry")).find((path) => existsSync(path));
    if (!found)
        throw new Error(
            "docker-registry is not installed: install Debian's docker-registry package (apt-get install docker-registry), as .ci/run does"
        );
    return found;
}

export async function startRegistry(options: { tokenAuth?: TokenAuth } = {}): Promise<Registry> {
    const binary = registryBinary();
    const dir = mkdtempSync(join(tmpdir(), "kettle-registry-"));
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    const auth = options.tokenAuth;
    const config = [
        "version: 0.1",
        "log:",
        "  level: warn",
        "storage:",
        "  filesystem:",
        `    rootdirectory: ${join(dir, "data")}`,
        "  delete:",
        "    enabled: true",
        "http:",
        `  addr: ${host}`,
        ...(auth
            ? [
                  "auth:",
                  "  token:",
                  `    realm: ${auth.realm}`,
                  `    service: ${auth.service}`,
                  `    issuer: ${auth.issuer}`,
                  `    rootcertbundle: ${auth.rootCertBundle}`
              ]
            : [])
    ].join("\n");
    writeFileSync(join(dir, "config.yml"), config + "\n");
    const child = spawn(binary, ["serve", join(dir, "config.yml")], { stdio: ["ignore", "pipe", "pipe"] });
    let logs = "";
    child.stdout!.on("data", (text: Buffer) => (logs += text.toString()));
    child.stderr!.on("data", (text: Buffer) => (logs += text.toString()));
    // A spawn failure is an 'error' event, which would crash the run if nobody listened.
    child.once("error", (error) => (logs += `${error}\n`));
    const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
    // exitCode stays null for a process killed by a signal: signalCode says so instead.
    const running = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;
    const stop = async () => {
        if (running()) {
            child.kill("SIGTERM");
            // distribution drains connections on SIGTERM (http.draintimeout, 0 here); never hang a test on it.
            const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
            await exited;
            clearTimeout(timer);
        }
        rmSync(dir, { recursive: true, force: true });
    };
    const url = `http://${host}`;
    const deadline = Date.now() + 20_000;
    for (;;) {
        if (!running()) {
            await stop();
            throw new Error(`docker-registry exited (${child.exitCode ?? child.signalCode ?? "did not start"}):\n${logs}`);
        }
        const status = await fetch(`${url}/v2/`).then(
            (response) => response.status,
            () => 0
        );
        if (status === 200 || status === 401) break;
        if (Date.now() > deadline) {
            await stop();
            throw new Error(`docker-registry did not answer on ${url} in 20 s:\n${logs}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { url, host, dir, logs: () => logs, stop };
}
