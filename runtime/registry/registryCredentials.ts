/**
 * @module registryCredentials
 * The login a private registry expects, taken from where `docker login` (and podman, oras, crane)
 * leave it: `auths` in `$DOCKER_CONFIG/config.json` (default `~/.docker/config.json`). Credential
 * helpers (`credsStore`, `credHelpers`) are programs Kettle does not run; a login kept only there
 * is not found.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { getEnv } from "../../config/env.js";

export type RegistryCredentials = { username: string; password: string };

type DockerConfig = { auths?: Record<string, { auth?: string; username?: string; password?: string }> };

/** The login stored for `host` (`127.0.0.1:5000`, `ghcr.io`), or undefined. */
export function registryCredentials(
    host: string,
    configDir = getEnv("DOCKER_CONFIG") ?? join(homedir(), ".docker")
): RegistryCredentials | undefined {
    let config: DockerConfig;
    try {
        config = JSON.parse(readFileSync(join(configDir, "config.json"), "utf8")) as DockerConfig;
    } catch {
        return undefined; // no file, or not one we can read: anonymous
    }
    for (const [key, entry] of Object.entries(config.auths ?? {})) {
        if (authHost(key) !== host.toLowerCase() || typeof entry !== "object" || entry === null) continue;
        if (typeof entry.auth === "string" && entry.auth !== "") {
            const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
            const colon = decoded.indexOf(":");
            if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
        }
        if (typeof entry.username === "string" && typeof entry.password === "string")
            return { username: entry.username, password: entry.password };
    }
    return undefined;
}

/** `auths` keys are written as `host`, `https://host` or `https://index.docker.io/v1/`. */
function authHost(key: string): string {
    return key
        .replace(/^[a-z]+:\/\//i, "")
        .replace(/\/.*$/, "")
        .toLowerCase();
}
