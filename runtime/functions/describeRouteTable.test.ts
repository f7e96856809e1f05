import { test } from "node:test";
import assert from "node:assert/strict";
import { describeRouteTable } from "./describeRouteTable.js";
import type { RouteEntry } from "./types.js";

test("one aligned line per route", () => {
    const routes: RouteEntry[] = [
        {
            path: "/api/blobs/:digest",
            method: "HEAD",
            file: "/f/api/blobs/[digest].js",
            relativeFile: "api/blobs/[digest].js",
            exportName: "onRequestHead",
            catchAll: [],
            module: "/f/api/blobs/[digest].js",
            middleware: []
        },
        {
            path: "/",
            method: "GET",
            file: "/f/index.js",
            relativeFile: "index.js",
            exportName: "onRequestGet",
            catchAll: [],
            module: "/f/index.js",
            middleware: []
        }
    ];
    assert.equal(
        describeRouteTable(routes),
        ["HEAD /api/blobs/:digest  ← api/blobs/[digest].js#onRequestHead", "GET  /                   ← index.js#onRequestGet"].join("\n")
    );
});

test("an empty table is an empty string", () => {
    assert.equal(describeRouteTable([]), "");
});
