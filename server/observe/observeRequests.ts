/**
 * @module observeRequests
 * The first middleware: gives each request its {@link RequestRecord} and id (`X-Request-Id` as the
 * client sent it, or a new one; returned either way), and when its response has ended (streams
 * included) or its client has gone, writes its access line and counts it in the HTTP metrics. The
 * id is set on Node's response directly, so Hono's responses keep node-server's fast path.
 */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { log } from "../../runtime/log/log.js";
import type { KettleMetrics } from "./KettleMetrics.js";
import { attachRecord, RequestRecord } from "./RequestRecord.js";

/** An id a client may choose: short, printable, no spaces (it is echoed into headers and logs). */
const clientId = /^[\x21-\x7e]{1,128}$/;

export function observeRequests(metrics: KettleMetrics | undefined): MiddlewareHandler {
    return async (c, next) => {
        const given = c.req.header("x-request-id");
        const record = new RequestRecord(given !== undefined && clientId.test(given) ? given : randomUUID());
        attachRecord(c.req.raw, record);
        const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
        if (!outgoing) {
            // Outside node-server (app.fetch in a test): the header goes on the Response itself.
            await next();
            c.res.headers.set("x-request-id", record.id);
            finish(c, record, c.res.status, metrics);
            return;
        }
        outgoing.setHeader("x-request-id", record.id);
        // "close" comes after the last byte is sent, or when the client goes first (499, as nginx logs it).
        outgoing.once("close", () => finish(c, record, outgoing.writableFinished ? outgoing.statusCode : 499, metrics));
        return next();
    };
}

function finish(c: Context, record: RequestRecord, status: number, metrics: KettleMetrics | undefined): void {
    const route = matchedRoute(c);
    const seconds = (performance.now() - record.started) / 1000;
    const method = c.req.method;
    metrics?.request(route, method, status, seconds);
    log().info(
        {
            method,
            path: c.req.path,
            status,
            duration_ms: Math.round(seconds * 1e4) / 10,
            model: record.model,
            prompt_tokens: record.model !== undefined ? record.promptTokens : undefined,
            generated_tokens: record.model !== undefined ? record.generatedTokens : undefined,
            key: record.keyName,
            request_id: record.id
        },
        `${method} ${c.req.path} ${status}`
    );
}

/** The pattern of the route that answered ("unmatched" when only middleware matched: a 404). */
function matchedRoute(c: Context): string {
    try {
        const path = routePath(c, -1);
        return path === "*" || path === "/*" ? "unmatched" : path;
    } catch {
        return "unmatched";
    }
}
