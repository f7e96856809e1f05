/**
 * @module blockRemoteFetch
 * Preloaded into a server under fuzzing (`NODE_OPTIONS=--import`): any `fetch` to a host other than
 * this machine is refused and reported on stderr with a marker the test looks for, so a mutated
 * model name can never make the server pull from a real registry.
 */
const marker = "FUZZ-GUARD: blocked fetch to";
const loopback = (hostname: string) => hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
const realFetch = globalThis.fetch;

globalThis.fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const href = input instanceof Request ? input.url : String(input);
    let hostname = "";
    try {
        hostname = new URL(href).hostname;
    } catch {
        // Not a URL: let the real fetch reject it.
    }
    if (hostname !== "" && !loopback(hostname)) {
        process.stderr.write(`${marker} ${href}\n`);
        return Promise.reject(new TypeError(`fetch failed: ${hostname} is not this machine (fuzz test)`));
    }
    return realFetch(input, init);
};

export const blockedFetchMarker = marker;
