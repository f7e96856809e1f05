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
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const url = `http://${host}`;
    const deadline = Date.now() + 20_000;
    for (;;) {
        if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}:\n${logs}`);
        const status = await fetch(`${url}/v2/`).then(
            (response) => response.status,
            () => 0
        );
        if (status === 200 || status === 401) break;
        if (Date.now() > deadline) {
            child.kill("SIGKILL");
            throw new Error(`docker-registry did not answer on ${url} in time:\n${logs}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return {
        url,
        host,
        dir,
        logs: () => logs,
        async stop() {
            if (child.exitCode === null) {
                child.kill("SIGTERM");
                await exited;
            }
            rmSync(dir, { recursive: true, force: true });
        }
    };
}
