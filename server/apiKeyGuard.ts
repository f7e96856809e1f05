/**
 * @module apiKeyGuard
 * When the server has API keys, every request needs one, as `Authorization: Bearer <key>` (the
 * OpenAI and Ollama clients) or `x-api-key: <key>` (Anthropic's SDK); a missing or wrong key is a
 * 401 with `WWW-Authenticate: Bearer` and the body in the API family of the path asked for. Open to
 * all: `GET`/`HEAD /` and `GET /api/version` (clients probe them), `/healthz` and `/readyz` (load
 * balancers), and CORS preflights (browsers send no credentials with them).
 */
import type { MiddlewareHandler } from "hono";
import { UnauthorizedError } from "../runtime/errors/UnauthorizedError.js";
import { errorResponse } from "../runtime/http/errorResponse.js";
import type { ApiKeys } from "./ApiKeys.js";
import { errorFamilyOfPath } from "./errorFamilyOfPath.js";
import { recordOf } from "./observe/RequestRecord.js";

const open = new Set(["GET /", "HEAD /", "GET /api/version", "HEAD /api/version"]);
const health = new Set(["/healthz", "/readyz"]);

export function apiKeyGuard(keys: ApiKeys): MiddlewareHandler {
    return async (c, next) => {
        const method = c.req.method;
        const path = c.req.path;
        if (method === "OPTIONS" || open.has(`${method} ${path}`) || health.has(path)) return next();
        const authorization = c.req.header("authorization");
        const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
        const presented = bearer ?? c.req.header("x-api-key");
        const name = presented === undefined ? undefined : keys.match(presented);
        if (name === undefined) return errorResponse(new UnauthorizedError(presented !== undefined), undefined, errorFamilyOfPath(path));
        // The key's name (never its secret) goes in the access line.
        const record = recordOf(c.req.raw);
        if (record) record.keyName = name;
        return next();
    };
}
