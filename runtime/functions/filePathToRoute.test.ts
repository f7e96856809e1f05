import { test } from "node:test";
import assert from "node:assert/strict";
import { filePathToRoute } from "./filePathToRoute.js";
import { FunctionFileError } from "./FunctionFileError.js";

test("file paths map to routes as in Cloudflare Pages", () => {
    const cases: [string, string, string[]][] = [
        ["index.js", "/", []],
        ["api/tags.js", "/api/tags", []],
        ["api/index.mjs", "/api", []],
        ["todos/[id].js", "/todos/:id", []],
        ["authors/[authorId]/todos/[todoId].js", "/authors/:authorId/todos/:todoId", []],
        ["books/[[title]].js", "/books/:title*", ["title"]],
        ["cats/[[breed]]/blah.js", "/cats/:breed*/blah", ["breed"]],
        ["[[all]]/index.js", "/:all*", ["all"]],
        ["v1/models/[model].mjs", "/v1/models/:model", []],
        ["index/x.js", "/index/x", []]
    ];
    for (const [file, path, catchAll] of cases) {
        assert.deepEqual(filePathToRoute(file), { path, catchAll }, file);
    }
});

test("bad param names, partial params, repeated names and two catch-alls are refused, naming the file", () => {
    const cases: [string, string][] = [
        [
            "users/[bad-name].js",
            `users/[bad-name].js: invalid route parameter name "bad-name": use only letters, digits and _ (/^[A-Za-z0-9_]+$/)`
        ],
        ["files/[[a.b]].js", `files/[[a.b]].js: invalid route parameter name "a.b": use only letters, digits and _ (/^[A-Za-z0-9_]+$/)`],
        ["x/[].js", `x/[].js: invalid route parameter name "": use only letters, digits and _ (/^[A-Za-z0-9_]+$/)`],
        [
            "v[version]/x.js",
            `v[version]/x.js: path segment "v[version]" is not a valid route segment: a [param] or [[catchall]] must be the whole segment, and : * ? { } are not allowed in names`
        ],
        [
            "a:b.js",
            `a:b.js: path segment "a:b" is not a valid route segment: a [param] or [[catchall]] must be the whole segment, and : * ? { } are not allowed in names`
        ],
        ["[id]/[id].js", `[id]/[id].js: route parameter "id" appears twice in the path`],
        ["[[a]]/[[b]].js", `[[a]]/[[b]].js: a route may have only one [[catchall]] segment, found [[a]], [[b]]`]
    ];
    for (const [file, message] of cases) {
        assert.throws(
            () => filePathToRoute(file),
            (error: unknown) => error instanceof FunctionFileError && error.message === message,
            file
        );
    }
});

test("errors name the file given for them", () => {
    assert.throws(() => filePathToRoute("[a-b].js", "/srv/functions/[a-b].js"), {
        message: `/srv/functions/[a-b].js: invalid route parameter name "a-b": use only letters, digits and _ (/^[A-Za-z0-9_]+$/)`
    });
});
