import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describeRouteTable } from "./describeRouteTable.js";
import { FunctionFileError } from "./FunctionFileError.js";
import { scanFunctions } from "./scanFunctions.js";

const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A real functions folder in a temp dir: relative path → file text. */
function writeTree(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), "kettle-scan-"));
    roots.push(root);
    for (const [relative, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, relative)), { recursive: true });
        writeFileSync(join(root, relative), text);
    }
    return root;
}

const get = "export function onRequestGet() { return new Response('ok'); }\n";

test("one entry per handler export, with method, files and catch-all names", async () => {
    const root = writeTree({
        "package.json": `{"type":"module"}`,
        "api/blobs/[digest].js":
            "export const onRequestHead = () => new Response(null);\nexport const onRequestPost = () => new Response(null);\n",
        "files/[[path]].mjs": "export function onRequest() { return new Response('any'); }\nexport const model = () => undefined;\n"
    });
    const routes = await scanFunctions(root);
    assert.deepEqual(
        routes.map(({ file, module, ...rest }) => ({ file: file.slice(root.length), module: module.slice(root.length), ...rest })),
        [
            {
                file: "/api/blobs/[digest].js",
                module: "/api/blobs/[digest].js",
                path: "/api/blobs/:digest",
                method: "HEAD",
                relativeFile: "api/blobs/[digest].js",
                exportName: "onRequestHead",
                catchAll: [],
                middleware: []
            },
            {
                file: "/api/blobs/[digest].js",
                module: "/api/blobs/[digest].js",
                path: "/api/blobs/:digest",
                method: "POST",
                relativeFile: "api/blobs/[digest].js",
                exportName: "onRequestPost",
                catchAll: [],
                middleware: []
            },
            {
                file: "/files/[[path]].mjs",
                module: "/files/[[path]].mjs",
                path: "/files/:path*",
                method: "ALL",
                relativeFile: "files/[[path]].mjs",
                exportName: "onRequest",
                catchAll: ["path"],
                middleware: []
            }
        ]
    );
});

test("skips _ and . names (but for middleware), tests, maps, declarations and other files", async () => {
    const root = writeTree({
        "package.json": `{"type":"module"}`,
        "tags.js": get,
        "tags.js.map": "{}",
        "tags.d.ts": "export {};",
        "tags.test.js": "throw new Error('test files must not be imported');",
        "tags.test.mjs": "throw new Error('test files must not be imported');",
        "_middleware.js": "export const onRequest = (ctx) => ctx.next();",
        "_lib/helper.js": "throw new Error('_ folders are skipped');",
        ".cache/x.js": "throw new Error('. folders are skipped');",
        ".hidden.js": "throw new Error('. files are skipped');",
        "README.md": "# functions"
    });
    assert.equal(describeRouteTable(await scanFunctions(root)), "GET /tags  ← tags.js#onRequestGet");
});

test("a handler export that is not a function is refused, naming file and export", async () => {
    const cases: [string, string][] = [
        ["export const onRequestGet = 42;\n", `export "onRequestGet" must be a function, but it is a value of type number`],
        [
            "export const onRequest = [() => new Response('')];\n",
            `export "onRequest" must be a function, but it is an array (handler chains are not supported)`
        ],
        ["export const onRequestPost = null;\n", `export "onRequestPost" must be a function, but it is null`]
    ];
    for (const [text, reason] of cases) {
        const root = writeTree({ "api/x.mjs": text });
        await assert.rejects(scanFunctions(root), (error: unknown) => {
            assert.ok(error instanceof FunctionFileError);
            assert.equal(error.message, `${join(root, "api/x.mjs")}: ${reason}`);
            return true;
        });
    }
});

test("an invalid param name is refused with the file's absolute path", async () => {
    const root = writeTree({ "users/[user-id].mjs": get });
    await assert.rejects(scanFunctions(root), {
        message: `${join(root, "users/[user-id].mjs")}: invalid route parameter name "user-id": use only letters, digits and _ (/^[A-Za-z0-9_]+$/)`
    });
});

test("two files serving the same route and method are refused", async () => {
    const sameFile = writeTree({ "users.mjs": get, "users/index.mjs": get });
    await assert.rejects(scanFunctions(sameFile), {
        message: `${join(sameFile, "users.mjs")}: GET /users is also served by users/index.mjs#onRequestGet; only one file may serve a route`
    });
    const sameShape = writeTree({ "users/[id].mjs": get, "users/[name].mjs": get });
    await assert.rejects(scanFunctions(sameShape), {
        message: `${join(sameShape, "users/[name].mjs")}: GET /users/:name is also served by users/[id].mjs#onRequestGet; only one file may serve a route`
    });
});

test("a module that fails to import is reported with its file", async () => {
    const root = writeTree({ "broken.mjs": "export function onRequestGet( {\n" });
    await assert.rejects(scanFunctions(root), (error: unknown) => {
        assert.ok(error instanceof FunctionFileError);
        assert.equal(error.file, join(root, "broken.mjs"));
        assert.ok(error.message.startsWith(`${join(root, "broken.mjs")}: cannot be imported: `), error.message);
        assert.ok(error.cause instanceof SyntaxError);
        return true;
    });
});

test("an empty folder has no routes", async () => {
    assert.deepEqual(await scanFunctions(writeTree({})), []);
});
