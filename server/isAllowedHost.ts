/**
 * @module isAllowedHost
 * The DNS-rebinding guard, as Ollama's: a page on `evil.example.com` whose name an attacker points
 * at 127.0.0.1 reaches a server on loopback with its own name in `Host`. Such a server answers only
 * requests addressed to it by a local name: no `Host` at all (HTTP/1.0), `localhost` and
 * `*.localhost`, a loopback IP, this machine's hostname, or one of `server.allowed_hosts`
 * (`*.example.com` wildcards allowed). A server listening elsewhere is meant to be reached by
 * other names and is not guarded.
 */
import { isIP } from "node:net";
import { hostname } from "node:os";
import { isLoopbackHost } from "../runtime/http/isLoopbackHost.js";

/** Read once: the guard runs on every request. */
const thisMachine = hostname();

/** `host` is the request's `Host` header (a name or an IP, with or without a port). */
export function isAllowedHost(host: string | undefined, allowed: readonly string[], machine: string = thisMachine): boolean {
    if (host === undefined || host === "") return true;
    const name = hostPart(host).toLowerCase();
    if (name === "localhost" || name.endsWith(".localhost")) return true;
    if (isIP(name)) return isLoopbackHost(name);
    if (name === machine.toLowerCase()) return true;
    return allowed.some((entry) => {
        const pattern = entry.toLowerCase();
        return pattern.startsWith("*.") ? name.endsWith(pattern.slice(1)) : name === pattern;
    });
}

/** The name of a `Host` value: `[::1]:11434` → `::1`, `example.com:80` → `example.com`. */
function hostPart(host: string): string {
    if (host.startsWith("[")) return host.slice(1, host.indexOf("]") >= 0 ? host.indexOf("]") : undefined);
    const colon = host.lastIndexOf(":");
    // One colon: a port; several: a bare IPv6 address.
    return colon >= 0 && host.indexOf(":") === colon ? host.slice(0, colon) : host;
}
