import { test } from "node:test";
import assert from "node:assert/strict";
import { compareRoutes } from "./compareRoutes.js";
import type { RouteMethod } from "./types.js";

type Rank = { path: string; method: RouteMethod };

function order(routes: Rank[]): string[] {
    return [...routes].sort(compareRoutes).map((route) => `${route.method} ${route.path}`);
}

test("more segments first, then static before param before catch-all", () => {
    const routes: Rank[] = [
        { path: "/users/:rest*", method: "GET" },
        { path: "/", method: "GET" },
        { path: "/users/:user", method: "GET" },
        { path: "/users", method: "GET" },
        { path: "/users/special", method: "GET" },
        { path: "/users/:user/posts", method: "GET" },
        { path: "/:page", method: "GET" }
    ];
    assert.deepEqual(order(routes), [
        "GET /users/:user/posts",
        "GET /users/special",
        "GET /users/:user",
        "GET /users/:rest*",
        "GET /users",
        "GET /:page",
        "GET /"
    ]);
});

test("the first segment whose kind differs decides, not later ones", () => {
    assert.deepEqual(
        order([
            { path: "/:a/b", method: "GET" },
            { path: "/a/:b", method: "GET" }
        ]),
        ["GET /a/:b", "GET /:a/b"]
    );
});

test("method-specific routes come before onRequest (ALL), then paths in code-unit order", () => {
    const routes: Rank[] = [
        { path: "/b", method: "ALL" },
        { path: "/a", method: "ALL" },
        { path: "/c", method: "POST" },
        { path: "/B", method: "GET" }
    ];
    assert.deepEqual(order(routes), ["GET /B", "POST /c", "ALL /a", "ALL /b"]);
});

test("HEAD comes before the other methods of the same pattern, whatever the param names", () => {
    const routes: Rank[] = [
        { path: "/blobs/:a", method: "GET" },
        { path: "/blobs/:z", method: "HEAD" },
        { path: "/blobs/:digest", method: "POST" },
        { path: "/", method: "GET" },
        { path: "/", method: "HEAD" }
    ];
    assert.deepEqual(order(routes), ["HEAD /blobs/:z", "GET /blobs/:a", "POST /blobs/:digest", "HEAD /", "GET /"]);
});

test("equal routes compare as 0", () => {
    assert.equal(compareRoutes({ path: "/a/:x", method: "GET" }, { path: "/a/:x", method: "GET" }), 0);
});
