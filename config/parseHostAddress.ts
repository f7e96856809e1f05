/**
 * @module config/parseHostAddress
 *
 * Parses an OLLAMA_HOST-style address, `[scheme://]host[:port][/path]`, following Ollama's
 * `envconfig.Host()`:
 *
 * - no scheme → http, default port 11434; `http://` → default port 80; `https://` → 443;
 * - `0.0.0.0` alone → port 11434; `:8080` → host 127.0.0.1 (Ollama leaves it empty, we bind
 *   loopback rather than every interface by surprise);
 * - IPv6 with or without brackets (`[::1]:11434`, `::1`).
 *
 * Unlike Ollama, which logs a warning and falls back to the default port, a bad port throws
 * {@link HostAddressError}: silently listening somewhere else is worse than failing.
 * Shared by the server (where to bind) and the CLI (where to find the server).
 */
import { HostAddressError } from "./HostAddressError.js";

export interface HostAddress {
    /** "http", "https" or whatever scheme was written. */
    scheme: string;
    /** Host name or IP, without IPv6 brackets. */
    host: string;
    port: number;
    /** "" or a path starting with "/". */
    path: string;
    /** The address as a URL a client can use, e.g. `http://[::1]:11434`. */
    url: string;
}

export const HOST_ADDRESS_EXPECTED = "an address like [scheme://]host[:port][/path] with a port between 1 and 65535";

const DEFAULT_HOST = "127.0.0.1";
const DEFAULT_PORT = 11434;

export function parseHostAddress(input: string): HostAddress {
    const trimmed = input.trim();
    let scheme = "http";
    let defaultPort = DEFAULT_PORT;
    let rest = trimmed;
    const schemeEnd = trimmed.indexOf("://");
    if (schemeEnd >= 0) {
        scheme = trimmed.slice(0, schemeEnd);
        rest = trimmed.slice(schemeEnd + 3);
        if (scheme === "http") defaultPort = 80;
        else if (scheme === "https") defaultPort = 443;
    }

    const slash = rest.indexOf("/");
    const hostport = slash >= 0 ? rest.slice(0, slash) : rest;
    const path = slash >= 0 ? rest.slice(slash) : "";

    let host: string;
    let portText: string;
    const split = splitHostPort(hostport);
    if (split) {
        host = split.host === "" ? DEFAULT_HOST : split.host;
        portText = split.port;
    } else {
        // No port (or an unbracketed IPv6 address): Go falls back to the whole thing as host.
        const unbracketed = hostport.replace(/^\[+|\]+$/g, "");
        host = unbracketed === "" ? DEFAULT_HOST : unbracketed;
        portText = "";
    }

    const port = portText === "" ? defaultPort : parsePort(portText);
    // A stray bracket left over means a malformed IPv6 literal such as "[::1]x:80".
    if (port === undefined || /[[\]]/.test(host)) {
        throw new HostAddressError(input, HOST_ADDRESS_EXPECTED);
    }

    const urlHost = host.includes(":") ? `[${host}]` : host;
    return { scheme, host, port, path, url: `${scheme}://${urlHost}:${port}${path}` };
}

function parsePort(text: string): number | undefined {
    if (!/^\d+$/.test(text)) return undefined;
    const port = Number(text);
    return port >= 1 && port <= 65535 ? port : undefined;
}

/** Go's `net.SplitHostPort`; undefined where Go errors (missing port, too many colons). */
function splitHostPort(hostport: string): { host: string; port: string } | undefined {
    const lastColon = hostport.lastIndexOf(":");
    if (lastColon < 0) return undefined;
    if (hostport.startsWith("[")) {
        const close = hostport.indexOf("]");
        // Only "[host]:port" is valid; "[host]" or "[host]x:port" are not.
        if (close < 0 || close + 1 !== lastColon) return undefined;
        return { host: hostport.slice(1, close), port: hostport.slice(lastColon + 1) };
    }
    const host = hostport.slice(0, lastColon);
    if (host.includes(":") || host.includes("[") || host.includes("]")) return undefined;
    return { host, port: hostport.slice(lastColon + 1) };
}
