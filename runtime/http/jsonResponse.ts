/** @module jsonResponse A JSON response with the content type Ollama (gin) sends: `application/json; charset=utf-8`. */

/**
 * `value` serialized as JSON, with `status` (default 200) and optional extra headers. Headers are
 * given to the constructor: reading `response.headers` afterwards would make @hono/node-server
 * build a full Response instead of its lightweight one (a third of the throughput on small routes).
 */
export function jsonResponse(value: unknown, status = 200, headers?: Record<string, string>): Response {
    return new Response(JSON.stringify(value), { status, headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
}
