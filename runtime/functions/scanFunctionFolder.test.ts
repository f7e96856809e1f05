import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { FunctionBundler } from "./FunctionBundler.js";
import { scanFunctionFolder, userExtensions } from "./scanFunctions.js";

function writeTree(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), "kettle-user-scan-"));
    for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, "functions", name)), { recursive: true });
        writeFileSync(join(root, "functions", name), text);
    }
    return root;
}

test("a user's TypeScript folder: bundled modules, middleware outermost first, and problems beside the routes", async () => {
    const root = writeTree({
        "_middleware.ts": "export const onRequest = (ctx: { next(): Promise<Response> }) => ctx.next();",
        "api/_middleware.js": "export const onRequestGet = (ctx) => ctx.next();",
        "api/[id].ts": "import { shout } from '../_lib/shout.ts';\nexport const onRequestGet = (): string => shout('hi');",
        "_lib/shout.ts": "export const shout = (text: string): string => text.toUpperCase();",
        "plain.mjs": "export function onRequestPost() { return { ok: true }; }",
        "broken.ts": "export const onRequestGet = ( => 1;",
        "helper.ts": "export const answer = 42;"
    });
    const abandoned = join(root, ".kettle", "functions", "999999999");
    mkdirSync(abandoned, { recursive: true });
    const bundler = new FunctionBundler(join(root, ".kettle", "functions", String(process.pid), "0"));
    const { routes, problems } = await scanFunctionFolder(join(root, "functions"), {
        prefix: "/u",
        extensions: userExtensions,
        read: (file) => bundler.bundle(file)
    });
    assert.deepEqual(
        routes.map((route) => [route.method, route.path, route.relativeFile, route.middleware.map((m) => m.file.slice(root.length))]),
        [
            ["GET", "/u/api/:id", "api/[id].ts", ["/functions/_middleware.ts", "/functions/api/_middleware.js"]],
            ["POST", "/u/plain", "plain.mjs", ["/functions/_middleware.ts"]]
        ]
    );
    const module = routes[0]!.module;
    assert.ok(module.startsWith(bundler.outDir) && module.endsWith(".mjs"), module);
    const bundled = readFileSync(module, "utf8");
    assert.match(bundled, /toUpperCase/, "the relative import is bundled in");
    assert.doesNotMatch(bundled, /: string/, "types are stripped");
    const imported = (await import(module)) as { onRequestGet(): string };
    assert.equal(imported.onRequestGet(), "HI");
    assert.deepEqual(
        problems.map((problem) => problem.message.slice(root.length).split("\n")[0]),
        [
            "/functions/broken.ts: does not compile:",
            "/functions/helper.ts: exports no handler: export one of onRequest, onRequestGet, onRequestPost, onRequestPut, onRequestPatch, onRequestDelete, onRequestOptions, onRequestHead"
        ]
    );
    assert.equal(existsSync(abandoned), false, "a gone process's bundles are removed");
    await bundler.dispose();
    assert.equal(existsSync(dirname(bundler.outDir)), false);
});

test("a changed file gets a new module; an unchanged one keeps its name", async () => {
    const root = writeTree({ "a.ts": "export const onRequest = () => 1;" });
    const bundler = new FunctionBundler(join(root, ".kettle", "functions", String(process.pid), "0"));
    const file = join(root, "functions", "a.ts");
    const first = await bundler.bundle(file);
    assert.deepEqual(first.exports, ["onRequest"]);
    assert.equal((await bundler.bundle(file)).module, first.module);
    writeFileSync(file, "export const onRequest = () => 2;");
    assert.notEqual((await bundler.bundle(file)).module, first.module);
    await bundler.dispose();
});
