/** @module jsonResponse A JSON response with the content type Ollama (gin) sends: `application/json; charset=utf-8`. */

/** `value` serialized as JSON, with `status` (default 200) and optional extra headers. */
export function jsonResponse(value: unknown, status = 200, headers?: Record<string, string>): Response {
    const response = new Response(JSON.stringify(value), { status, headers });
    response.headers.set("Content-Type", "application/json; charset=utf-8");
    return response;
}
