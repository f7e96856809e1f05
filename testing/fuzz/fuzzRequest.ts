/**
 * @module fuzzRequest
 * Derives one request from a template: sent as is, with its JSON mutated (types changed, fields
 * removed or added), replaced by another JSON value, truncated mid-text, replaced by random bytes,
 * sent with a wrong content type, a wrong method or a mangled path.
 */
import type { FuzzRequest, FuzzTemplate } from "./FuzzTemplate.js";
import type { Random } from "./mulberry32.js";
import { mutateJson } from "./mutateJson.js";
import { deepMarker, deepNesting, randomJsonValue } from "./randomJsonValue.js";

const contentTypes = [
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=fuzz",
    "application/json; charset=utf-16",
    "application/octet-stream",
    "application/x-ndjson"
];

const pathMangles: readonly ((path: string) => string)[] = [
    (path) => `${path}/`,
    (path) => `${path}?model=story&stream=false`,
    (path) => path.toUpperCase(),
    (path) => path.replace(/^\//, "//"),
    (path) => `${path}/..%2F..%2F..%2Fetc%2Fpasswd`,
    (path) => `${path}%00`,
    () => "/api/blobs/..%2F..%2Fetc%2Fpasswd",
    () => "/api/blobs/sha256:" + "a".repeat(64) + "/../../x",
    () => "/v1/models/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    () => "/v1/models/" + "x/".repeat(200),
    () => "/v1/models/%ZZ",
    () => "/api/" + "%F0%9F%92%A5"
];

export function fuzzRequest(template: FuzzTemplate, random: Random): FuzzRequest {
    const request: FuzzRequest = { template, mutation: "valid", method: template.method, path: template.path, headers: {} };
    const raw = template.body instanceof Uint8Array;
    const json = (value: unknown) => JSON.stringify(value).replaceAll(JSON.stringify(deepMarker), deepNesting);
    if (template.body !== undefined) {
        request.body = raw ? (template.body as Uint8Array) : json(template.body);
        if (!raw) request.headers["Content-Type"] = "application/json";
    }
    const roll = random.next();
    if (roll < 0.08) return request;
    if (roll < 0.58 && template.body !== undefined && !raw) {
        request.mutation = "mutated fields";
        request.body = json(mutateJson(template.body, random));
    } else if (roll < 0.63) {
        request.mutation = "another JSON value";
        request.body = json(randomJsonValue(random));
    } else if (roll < 0.73 && typeof request.body === "string" && request.body.length > 1) {
        request.mutation = "truncated JSON";
        request.body = request.body.slice(0, random.below(request.body.length));
    } else if (roll < 0.8) {
        request.mutation = "random bytes";
        request.body = Uint8Array.from({ length: random.below(512) }, () => random.below(256));
    } else if (roll < 0.87) {
        request.mutation = "wrong content type";
        request.headers["Content-Type"] = random.pick(contentTypes);
        if (random.chance(0.5) && typeof request.body === "string") request.body = new URLSearchParams({ body: request.body }).toString();
    } else if (roll < 0.93) {
        request.mutation = "wrong method";
        request.method = random.pick(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].filter((m) => m !== template.method));
    } else {
        request.mutation = "mangled path";
        request.path = random.pick(pathMangles)(template.path);
    }
    if (request.method === "GET" || request.method === "HEAD") delete request.body;
    else if (request.body === undefined && template.method !== "POST") request.body = json(randomJsonValue(random));
    return request;
}
