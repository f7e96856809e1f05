import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Hono } from "hono";
import { describeRouteTable } from "./describeRouteTable.js";
import { registerRoutes, type InvokeRoute } from "./registerRoutes.js";
import { scanFunctions } from "./scanFunctions.js";
import type { HandlerExportName, RouteEntry } from "./types.js";

/** A handler module whose exports answer with who they are, the method and the params they got. */
function handlerModule(file: string, exports: HandlerExportName[]): string {
    return exports
        .map(
            (name) =>
                `export async function ${name}({ request, params }) {\n` +
                `    const headers = { "X-Route": ${JSON.stringify(`${file}#${name}`)} };\n` +
                `    return Response.json({ route: ${JSON.stringify(`${file}#${name}`)}, method: request.method, params }, { headers });\n` +
                `}\n`
        )
        .join("");
}

const tree: Record<string, HandlerExportName[]> = {
    "index.mjs": ["onRequestGet", "onRequestHead"],
    "[page].mjs": ["onRequestGet"],
    "api/tags.mjs": ["onRequestGet"],
    "api/generate.mjs": ["onRequestPost"],
    "api/blobs/[digest].mjs": ["onRequestHead", "onRequestPost"],
    "users/index.mjs": ["onRequestGet"],
    "users/special.mjs": ["onRequestGet"],
    "users/[user].mjs": ["onRequestGet"],
    "users/[[rest]].mjs": ["onRequest"],
    "files/[[path]].mjs": ["onRequestGet"],
    "cats/[[breed]]/blah.mjs": ["onRequestGet"]
};

let root = "";
let routes: RouteEntry[] = [];
let app: Hono;

before(async () => {
    root = mkdtempSync(join(tmpdir(), "kettle-routes-"));
    for (const [file, exports] of Object.entries(tree)) {
        mkdirSync(dirname(join(root, file)), { recursive: true });
        writeFileSync(join(root, file), handlerModule(file, exports));
    }
    routes = await scanFunctions(root);
    const invoke: InvokeRoute = async (route, c, params) => {
        const module = (await import(pathToFileURL(route.file).href)) as Record<string, (context: object) => Promise<Response>>;
        return module[route.exportName]!({ request: c.req.raw, params });
    };
    app = new Hono();
    registerRoutes(app, routes, invoke);
});
after(() => rmSync(root, { recursive: true, force: true }));

async function call(path: string, method = "GET"): Promise<{ status: number; body: unknown }> {
    const response = await app.request(path, { method });
    return { status: response.status, body: await response.json() };
}

test("the sorted route table", () => {
    assert.equal(
        describeRouteTable(routes),
        [
            "HEAD /api/blobs/:digest  ← api/blobs/[digest].mjs#onRequestHead",
            "POST /api/blobs/:digest  ← api/blobs/[digest].mjs#onRequestPost",
            "GET  /cats/:breed*/blah  ← cats/[[breed]]/blah.mjs#onRequestGet",
            "POST /api/generate       ← api/generate.mjs#onRequestPost",
            "GET  /api/tags           ← api/tags.mjs#onRequestGet",
            "GET  /users/special      ← users/special.mjs#onRequestGet",
            "GET  /users/:user        ← users/[user].mjs#onRequestGet",
            "GET  /files/:path*       ← files/[[path]].mjs#onRequestGet",
            "ALL  /users/:rest*       ← users/[[rest]].mjs#onRequest",
            "GET  /users              ← users/index.mjs#onRequestGet",
            "GET  /:page              ← [page].mjs#onRequestGet",
            "HEAD /                   ← index.mjs#onRequestHead",
            "GET  /                   ← index.mjs#onRequestGet"
        ].join("\n")
    );
});

describe("precedence", () => {
    test("static beats param beats catch-all", async () => {
        assert.deepEqual(await call("/users/special"), {
            status: 200,
            body: { route: "users/special.mjs#onRequestGet", method: "GET", params: {} }
        });
        assert.deepEqual(await call("/users/bob"), {
            status: 200,
            body: { route: "users/[user].mjs#onRequestGet", method: "GET", params: { user: "bob" } }
        });
        assert.deepEqual(await call("/users/bob/posts"), {
            status: 200,
            body: { route: "users/[[rest]].mjs#onRequest", method: "GET", params: { rest: ["bob", "posts"] } }
        });
    });

    test("a method the specific route lacks falls to the catch-all that serves every method", async () => {
        assert.deepEqual(await call("/users/bob", "POST"), {
            status: 200,
            body: { route: "users/[[rest]].mjs#onRequest", method: "POST", params: { rest: ["bob"] } }
        });
    });

    test("a real route beats a catch-all's zero-segment form on the same path", async () => {
        assert.deepEqual(await call("/users"), { status: 200, body: { route: "users/index.mjs#onRequestGet", method: "GET", params: {} } });
        assert.deepEqual(await call("/users", "DELETE"), {
            status: 200,
            body: { route: "users/[[rest]].mjs#onRequest", method: "DELETE", params: { rest: [] } }
        });
    });

    test("a catch-all's zero-segment form ranks as a static path, ahead of a param", async () => {
        assert.deepEqual(await call("/files"), {
            status: 200,
            body: { route: "files/[[path]].mjs#onRequestGet", method: "GET", params: { path: [] } }
        });
        assert.deepEqual(await call("/about"), {
            status: 200,
            body: { route: "[page].mjs#onRequestGet", method: "GET", params: { page: "about" } }
        });
    });
});

describe("params", () => {
    test("params are percent-decoded", async () => {
        assert.deepEqual((await call("/users/a%20b")).body, {
            route: "users/[user].mjs#onRequestGet",
            method: "GET",
            params: { user: "a b" }
        });
        assert.deepEqual((await call("/users/caf%C3%A9")).body, {
            route: "users/[user].mjs#onRequestGet",
            method: "GET",
            params: { user: "café" }
        });
        assert.deepEqual((await call("/users/a%2Fb")).body, {
            route: "users/[user].mjs#onRequestGet",
            method: "GET",
            params: { user: "a/b" }
        });
    });

    test("catch-all params are arrays of zero, one or many segments", async () => {
        const path = async (url: string) => ((await call(url)).body as { params: unknown }).params;
        assert.deepEqual(await path("/files"), { path: [] });
        assert.deepEqual(await path("/files/a"), { path: ["a"] });
        assert.deepEqual(await path("/files/a/b/c.txt"), { path: ["a", "b", "c.txt"] });
        assert.deepEqual(await path("/files/a%2Fb/c%20d"), { path: ["a/b", "c d"] });
        assert.deepEqual(await path("/files/100%25"), { path: ["100%"] });
    });

    test("a catch-all in the middle of a path", async () => {
        assert.deepEqual((await call("/cats/blah")).body, {
            route: "cats/[[breed]]/blah.mjs#onRequestGet",
            method: "GET",
            params: { breed: [] }
        });
        assert.deepEqual((await call("/cats/x/y/blah")).body, {
            route: "cats/[[breed]]/blah.mjs#onRequestGet",
            method: "GET",
            params: { breed: ["x", "y"] }
        });
    });
});

describe("HEAD", () => {
    test("a GET route answers HEAD without a body", async () => {
        const response = await app.request("/api/tags", { method: "HEAD" });
        assert.equal(response.status, 200);
        assert.equal(response.headers.get("X-Route"), "api/tags.mjs#onRequestGet");
        assert.equal(await response.text(), "");
    });

    test("an onRequestHead export answers HEAD, and GET goes to the GET export", async () => {
        const head = await app.request("/", { method: "HEAD" });
        assert.equal(head.headers.get("X-Route"), "index.mjs#onRequestHead");
        assert.equal(await head.text(), "");
        assert.equal((await app.request("/")).headers.get("X-Route"), "index.mjs#onRequestGet");
    });

    test("a HEAD-only route gets its params, and refuses GET with 405", async () => {
        const head = await app.request("/api/blobs/sha256-abc", { method: "HEAD" });
        assert.equal(head.status, 200);
        assert.equal(head.headers.get("X-Route"), "api/blobs/[digest].mjs#onRequestHead");
        const post = await call("/api/blobs/sha256-abc", "POST");
        assert.deepEqual(post.body, { route: "api/blobs/[digest].mjs#onRequestPost", method: "POST", params: { digest: "sha256-abc" } });

        const get = await app.request("/api/blobs/sha256-abc");
        assert.equal(get.status, 405);
        assert.equal(get.headers.get("Allow"), "HEAD, POST");
        assert.deepEqual(await get.json(), { error: "method GET not allowed for /api/blobs/sha256-abc" });
    });
});

describe("404 and 405", () => {
    test("an unknown path is 404 with Ollama's error shape", async () => {
        const response = await app.request("/api/nope", { method: "POST" });
        assert.equal(response.status, 404);
        assert.equal(response.headers.get("Content-Type"), "application/json; charset=utf-8");
        assert.equal(await response.text(), `{"error":"path \\"/api/nope\\" not found"}`);
    });

    test("a known path with the wrong method is 405 with an Allow header", async () => {
        const post = await app.request("/api/tags", { method: "POST" });
        assert.equal(post.status, 405);
        assert.equal(post.headers.get("Allow"), "GET, HEAD");
        assert.equal(post.headers.get("Content-Type"), "application/json; charset=utf-8");
        assert.deepEqual(await post.json(), { error: "method POST not allowed for /api/tags" });

        const del = await app.request("/api/generate", { method: "DELETE" });
        assert.equal(del.status, 405);
        assert.equal(del.headers.get("Allow"), "POST");
        assert.deepEqual(await del.json(), { error: "method DELETE not allowed for /api/generate" });
    });

    test("HEAD to a POST-only path is 405 without a body", async () => {
        const response = await app.request("/api/generate", { method: "HEAD" });
        assert.equal(response.status, 405);
        assert.equal(response.headers.get("Allow"), "POST");
        assert.equal(await response.text(), "");
    });

    test("Allow lists every route that matches the path", async () => {
        const response = await app.request("/about", { method: "PUT" });
        assert.equal(response.status, 405);
        assert.equal(response.headers.get("Allow"), "GET, HEAD");
    });
});
