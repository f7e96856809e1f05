/**
 * @module routeLoad
 * Requests/s and latency percentiles of a cheap route under load, measured with autocannon
 * (connections kept alive, as a client library would).
 */
import autocannon from "autocannon";

export type RouteLoad = { requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number };

export async function routeLoad(url: string, seconds: number, connections = 10): Promise<RouteLoad> {
    const result = await autocannon({ url, connections, duration: seconds });
    return {
        requestsPerSecond: result.requests.average,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        errors: result.errors + result.non2xx
    };
}
