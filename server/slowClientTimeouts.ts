/**
 * @module slowClientTimeouts
 * Bounds on a client that sends its request slowly, so one sending a byte a minute cannot hold a
 * connection for ever: its headers must all arrive within `server.header_timeout`, and its body
 * may pause at most `server.body_timeout` between two pieces. There is no bound on a whole
 * request (Node's `requestTimeout`, 5 minutes, would cut a large model upload on a slow link), nor
 * on the response: a long generation sends nothing for a while, and that is not the client's doing.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";

type Limits = { headerTimeoutMs: number; bodyTimeoutMs: number };

/** The HTTP server's own options: the header timeout, checked often enough to hold (Node checks every 30 s by default). */
export function slowClientOptions(limits: Limits): { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number } {
    return {
        headersTimeout: limits.headerTimeoutMs,
        requestTimeout: 0,
        connectionsCheckingInterval: Math.max(100, Math.min(limits.headerTimeoutMs / 2, 30_000))
    };
}

/** Watches each request's body while it comes in. */
export function slowClientTimeouts(server: Server, limits: Limits): void {
    server.on("request", (request: IncomingMessage, response: ServerResponse) => {
        const length = request.headers["content-length"];
        const hasBody = (length !== undefined && length !== "0") || request.headers["transfer-encoding"] !== undefined;
        if (limits.bodyTimeoutMs <= 0 || !hasBody) return;
        const socket = request.socket;
        // Idle while the body comes in: the socket's own timeout ends it (the server destroys it).
        // The handlers read a body before they answer; should one not, its answer ends the watch.
        socket.setTimeout(limits.bodyTimeoutMs);
        const clear = () => socket.setTimeout(0);
        request.once("end", clear);
        request.once("close", clear);
        response.once("finish", clear);
    });
}
