/**
 * @module isLoopbackHost
 * Whether a host name or address is this machine's loopback: `localhost`, 127.0.0.0/8, `::1`
 * (bracketed as URLs write it, or bare) and IPv4-mapped 127 addresses. Plain http to it crosses no
 * network (the registry client needs no `--insecure` and may send a login); a server bound to it
 * is reached by local names only (the host guard).
 */
export function isLoopbackHost(hostname: string): boolean {
    const bare = hostname.replace(/^\[|\]$/g, "");
    return bare === "localhost" || bare === "::1" || /^127\.\d+\.\d+\.\d+$/.test(bare) || /^::ffff:127\.\d+\.\d+\.\d+$/i.test(bare);
}
