/**
 * The user's function folder from kettle.toml's `[functions]`: mounted beside the built-in API (at
 * the root or under a prefix), routed by the same file conventions; a route a built-in serves is
 * reported at start-up and the built-in keeps it. Real server processes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { kettleBin, startKettle } from "../testing/startKettle.js";

/** A functions folder with a greeting, a param route and a file that collides with `/api/version`. */
function userFunctions(): string {
    const dir = mkdtempSync(join(tmpdir(), "kettle-user-functions-"));
    const files: Record<string, string> = {
        "hello.mjs": 'export const onRequestGet = () => new Response("hello from a user function");',
        "items/[id].mjs": "export const onRequestGet = ({ params }) => Response.json({ id: params.id });",
        "api/version.mjs": 'export const onRequestGet = () => Response.json({ version: "user" });'
    };
    for (const [name, source] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), source);
    }
    return dir;
}

test("[functions] at the root: user routes are served; a collision with a built-in is reported and the built-in wins", async () => {
    const dir = userFunctions();
    const kettle = await startKettle({ config: `[functions]\ndir = ${JSON.stringify(dir)}\n` });
    try {
        assert.equal(await (await fetch(`${kettle.url}/hello`)).text(), "hello from a user function");
        assert.deepEqual(await (await fetch(`${kettle.url}/items/42`)).json(), { id: "42" });
        const version = (await (await fetch(`${kettle.url}/api/version`)).json()) as { version: string };
        assert.match(version.version, /^\d+\.\d+\.\d+$/, "the built-in answers");
        assert.match(
            kettle.logs(),
            new RegExp(
                `${join(dir, "api/version.mjs").replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} serves GET /api/version, which is a built-in endpoint; the built-in is kept`
            )
        );
    } finally {
        await kettle.stop();
    }
});

test("[functions] under a prefix, and the route table lists the user's routes", async () => {
    const dir = userFunctions();
    const kettle = await startKettle({ config: `[functions]\ndir = ${JSON.stringify(dir)}\nprefix = "/u"\n` });
    try {
        assert.equal(await (await fetch(`${kettle.url}/u/hello`)).text(), "hello from a user function");
        assert.deepEqual(await (await fetch(`${kettle.url}/u/api/version`)).json(), { version: "user" }, "no collision under the prefix");
        assert.equal((await fetch(`${kettle.url}/hello`)).status, 404);
        const table = spawnSync(process.execPath, [kettleBin, "--config", join(kettle.dir, "kettle.toml"), "serve", "--routes"], {
            encoding: "utf8",
            env: kettle.env
        });
        assert.equal(table.status, 0, table.stderr);
        assert.match(table.stdout, /^GET +\/u\/hello +← hello\.mjs#onRequestGet$/m);
        assert.match(table.stdout, /^GET +\/u\/items\/:id +← items\/\[id\]\.mjs#onRequestGet$/m);
        assert.match(table.stdout, /^POST +\/api\/generate +← api\/generate\.js#onRequestPost$/m);
    } finally {
        await kettle.stop();
    }
});
