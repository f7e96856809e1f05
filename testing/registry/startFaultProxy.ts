/**
 * @module startFaultProxy
 * A reverse proxy on loopback in front of a registry, applying {@link Faults} to its answers and
 * logging every request. Headers pass unchanged both ways (Host included, so the registry writes
 * upload Locations that point back at the proxy; Authorization and WWW-Authenticate too), and
 * bodies stream through (uploads included).
 */
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { freePort } from "../../cli/freePort.js";
import { sendWithFaults, type Faults, type ServedRequest } from "./Faults.js";

/** One request the proxy answered, dropped, or lost to the client going away. */
export type ProxiedRequest = ServedRequest;

export type FaultProxy = {
    url: string;
    host: string;
    /** Every request answered (or dropped) so far; tests clear it with `length = 0`. */
    requests: ProxiedRequest[];
    /** Change these between requests. */
    faults: Faults;
    stop(): Promise<void>;
};

export async function startFaultProxy(upstream: string, faults: Faults = {}): Promise<FaultProxy> {
    const target = new URL(upstream);
    const requests: ServedRequest[] = [];
    const sockets = new Set<Socket>();
    const proxy: FaultProxy = { url: "", host: "", requests, faults, stop: async () => undefined };
    const server = createServer((incoming, response) => {
        const faultRequest = {
            method: incoming.method ?? "GET",
            path: incoming.url ?? "/",
            ...(incoming.headers.range ? { range: incoming.headers.range } : {})
        };
        const outgoing = httpRequest(
            { hostname: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
            (answer: IncomingMessage) => {
                response.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
                response.once("close", () => answer.destroy());
                void sendWithFaults(incoming.method === "HEAD" ? undefined : answer, response, faultRequest, proxy.faults, requests);
            }
        );
        outgoing.on("error", () => {
            if (response.headersSent) return response.end();
            // The upstream is down or refused the connection: answer 502, and log it like any answer.
            response.writeHead(502);
            response.end();
            requests.push({ ...faultRequest, status: 502, bytesSent: 0 });
        });
        // A client that goes away before the registry answers (a cancelled upload or request) is
        // logged too, and its upstream request cancelled so the registry sees the abort as well.
        response.once("close", () => {
            if (response.headersSent) return;
            outgoing.destroy();
            requests.push({ ...faultRequest, bytesSent: 0, aborted: true });
        });
        incoming.pipe(outgoing);
    });
    server.on("connection", (socket) => {
        sockets.add(socket);
        socket.once("close", () => sockets.delete(socket));
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    proxy.host = `127.0.0.1:${port}`;
    proxy.url = `http://${proxy.host}`;
    proxy.stop = async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => server.close(resolve));
    };
    return proxy;
}
