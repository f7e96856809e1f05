/**
 * @module isLoopbackHost
 * Whether a URL's hostname is this machine: plain http to it crosses no network, so it needs no
 * `--insecure`, and a login may be sent to it.
 */
export function isLoopbackHost(hostname: string): boolean {
    return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
