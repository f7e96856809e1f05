/**
 * The function runtime, end to end on a real server: a user's TypeScript functions folder with
 * params, a catch-all, nested middleware, env and secrets, warm-model calls (whole and streamed),
 * waitUntil, a throwing function, a timeout, a synchronous infinite loop, bad return values, and
 * files that cannot be served (reported at start-up while the rest serves).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startKettle, type Kettle } from "../testing/startKettle.js";
import { writeFunctions } from "../testing/writeFunctions.js";
import { testModels } from "../testing/testModels.js";

const marker = join(mkdtempSync(join(tmpdir(), "kettle-wait-until-")), "done.txt");

const files: Record<string, string> = {
    "_middleware.ts": `
        import type { Handler } from "kettle";
        export const onRequest: Handler = async (ctx) => {
            ctx.data.trail = ["root"];
            const response = await ctx.next();
            response.headers.set("x-trail", (ctx.data.trail as string[]).join(">"));
            return response;
        };`,
    "nested/_middleware.ts": `
        export const onRequestGet = async (ctx: any) => { ctx.data.trail.push("nested"); return ctx.next(); };`,
    "nested/[id].ts": `
        import type { Handler } from "kettle";
        export const onRequestGet: Handler<unknown, "id"> = ({ params, data }) => {
            (data.trail as string[]).push("handler");
            return { id: params.id, trail: data.trail };
        };
        export const onRequestPost: Handler = ({ data }) => ({ trail: data.trail });`,
    "files/[[path]].ts": `export const onRequest = ({ params, request }: any) => ({ method: request.method, path: params.path });`,
    "env.ts": `export const onRequestGet = ({ env }: any) => env;`,
    "echo.ts": `
        export const onRequestPost = async ({ request, body }: any) =>
            Response.json({ text: await request.text(), body, type: request.headers.get("content-type") });`,
    "generate.ts": `
        import type { Handler } from "kettle";
        export const onRequestPost: Handler = async ({ models, body }) => {
            const { model } = body as { model: string };
            const whole = await models.generate({ model, prompt: "Once upon a time", options: { temperature: 0, num_predict: 6 } });
            const parts: string[] = [];
            for await (const chunk of await models.generate({ model, prompt: "Once upon a time", stream: true, options: { temperature: 0, num_predict: 6 } })) {
                parts.push(chunk.response);
            }
            return { whole: whole.response, streamed: parts.join(""), chunks: parts.length, load_duration: whole.load_duration };
        };`,
    "story.ts": `
        export const onRequestGet = async ({ models }: any) => {
            const stream = await models.chat({ model: "story", messages: [{ role: "user", content: "Tell me a story" }], stream: true, options: { num_predict: 8 } });
            const encoder = new TextEncoder();
            return new Response(new ReadableStream({
                async start(controller) {
                    for await (const chunk of stream) controller.enqueue(encoder.encode(JSON.stringify(chunk.message.content) + "\\n"));
                    controller.close();
                }
            }), { headers: { "content-type": "application/x-ndjson" } });
        };`,
    "missing-model.ts": `export const onRequestGet = async ({ models }: any) => models.generate({ model: "nope", prompt: "x" });`,
    "later.ts": `
        import { writeFile } from "node:fs/promises";
        export const onRequestGet = ({ waitUntil }: any) => {
            waitUntil(new Promise((resolve) => setTimeout(resolve, 300)).then(() => writeFile(${JSON.stringify(marker)}, "done")));
            return { sent: true };
        };`,
    "boom.ts": `export const onRequestGet = () => { throw new Error("kaboom"); };`,
    "slow.ts": `export const onRequestGet = () => new Promise((resolve) => setTimeout(() => resolve({ late: true }), 5000));`,
    "spin.ts": `export const onRequestGet = () => { for (;;) {} };`,
    "nothing.ts": `export const onRequestGet = () => {};`,
    "bigint.ts": `export const onRequestGet = () => ({ n: 1n });`,
    "log.ts": `export const onRequestGet = ({ log }: any) => { log.info("hello from", "a function", { n: 1 }); return "logged"; };`,
    "api/version.ts": `export const onRequestGet = () => ({ version: "user" });`,
    // Files that cannot be served: each is reported, and the rest of the folder is.
    "broken.ts": `export const onRequestGet = () => {\n  return { oops: ;\n};`,
    "empty.ts": `export const answer = 42;`,
    "users/[user-id].ts": `export const onRequestGet = () => ({});`
};

describe("user functions", () => {
    let kettle: Kettle;
    let dir: string;
    before(async () => {
        dir = writeFunctions(files);
        const configDir = mkdtempSync(join(tmpdir(), "kettle-fn-config-"));
        writeFileSync(join(configDir, ".dev.vars"), "API_TOKEN=s3cret\nGREETING=from-secrets-file\n");
        writeFileSync(
            join(configDir, "kettle.toml"),
            [
                "[functions]",
                `dir = ${JSON.stringify(dir)}`,
                '[functions.routes."/slow"]',
                'timeout = "1s"',
                'model = "story"',
                '[functions.routes."/spin"]',
                'timeout = "1s"',
                '[functions.routes."/echo"]',
                "max_body_bytes = 64",
                '[functions.routes."/story"]',
                'model = "story"',
                "[vars]",
                'GREETING = "hello"',
                "LIMIT = 3",
                'API_TOKEN = "placeholder"'
            ].join("\n")
        );
        kettle = await startKettle({ args: [], env: { KETTLE_CONFIG: join(configDir, "kettle.toml") } });
        await kettle.createModel("story", testModels.plain);
    });
    after(async () => kettle?.stop());

    test("params, a catch-all and middleware outermost first, sharing ctx.data", async () => {
        const response = await fetch(`${kettle.url}/nested/42`);
        assert.equal(response.status, 200);
        assert.deepEqual(await response.json(), { id: "42", trail: ["root", "nested", "handler"] });
        assert.equal(response.headers.get("x-trail"), "root>nested>handler");
        // nested/_middleware only has a GET handler: a POST skips it.
        const post = await fetch(`${kettle.url}/nested/7`, { method: "POST" });
        assert.deepEqual(await post.json(), { trail: ["root"] });
        assert.deepEqual(await (await fetch(`${kettle.url}/files/a/b%20c/d`, { method: "DELETE" })).json(), {
            method: "DELETE",
            path: ["a", "b c", "d"]
        });
        assert.deepEqual(await (await fetch(`${kettle.url}/files`)).json(), { method: "GET", path: [] });
    });

    test("ctx.env: [vars] with the secrets of .dev.vars laid over them", async () => {
        assert.deepEqual(await (await fetch(`${kettle.url}/env`)).json(), { GREETING: "from-secrets-file", LIMIT: 3, API_TOKEN: "s3cret" });
    });

    test("the request body stays readable; JSON bodies are also parsed into ctx.body; max_body_bytes answers 413", async () => {
        const json = await fetch(`${kettle.url}/echo`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: '{"a":1}'
        });
        assert.deepEqual(await json.json(), { text: '{"a":1}', body: { a: 1 }, type: "application/json" });
        const text = await fetch(`${kettle.url}/echo`, { method: "POST", body: "plain words" });
        assert.deepEqual(await text.json(), { text: "plain words", type: "text/plain;charset=UTF-8" });
        const big = await fetch(`${kettle.url}/echo`, { method: "POST", body: "x".repeat(65) });
        assert.equal(big.status, 413);
        assert.deepEqual(await big.json(), { error: "request body too large: limit is 64 bytes" });
    });

    test("ctx.models: a whole answer and a stream, served by the warm model (the body's model)", async () => {
        const response = await fetch(`${kettle.url}/generate`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ model: "story" })
        });
        assert.equal(response.status, 200);
        const result = (await response.json()) as { whole: string; streamed: string; chunks: number; load_duration: number };
        assert.ok(result.whole.startsWith(", there was"), result.whole);
        assert.equal(result.streamed, result.whole);
        assert.ok(result.chunks > 1);
        const ps = (await (await fetch(`${kettle.url}/api/ps`)).json()) as { models: { name: string }[] };
        assert.deepEqual(
            ps.models.map((model) => model.name),
            ["story:latest"]
        );
    });

    test("a function streams its own response from a model stream (model fixed in kettle.toml)", async () => {
        const response = await fetch(`${kettle.url}/story`);
        assert.equal(response.headers.get("content-type"), "application/x-ndjson");
        const lines = (await response.text()).trim().split("\n");
        assert.ok(lines.length > 2, lines.join("|"));
        for (const line of lines) assert.equal(typeof JSON.parse(line), "string");
    });

    test("a failed model call answers the API's status and message", async () => {
        const response = await fetch(`${kettle.url}/missing-model`);
        assert.equal(response.status, 404);
        assert.deepEqual(await response.json(), { error: "model 'nope:latest' not found" });
    });

    test("a body naming a model that does not exist is 404 before the function runs", async () => {
        const response = await fetch(`${kettle.url}/generate`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ model: "absent" })
        });
        assert.equal(response.status, 404);
    });

    test("waitUntil work goes on after the response", async () => {
        assert.deepEqual(await (await fetch(`${kettle.url}/later`)).json(), { sent: true });
        assert.equal(existsSync(marker), false, "the response did not wait");
        for (let i = 0; i < 50 && !existsSync(marker); i++) await new Promise((resolve) => setTimeout(resolve, 50));
        assert.equal(readFileSync(marker, "utf8"), "done");
    });

    test("ctx.log lines are tagged with the route", async () => {
        assert.equal(await (await fetch(`${kettle.url}/log`)).json(), "logged");
        assert.match(kettle.logs(), /kettle: GET \/log \(log\.ts\): hello from a function \{ n: 1 \}/);
    });

    test("a throwing function answers 500 with a JSON error, and its stack (at its own line) is logged", async () => {
        const response = await fetch(`${kettle.url}/boom`);
        assert.equal(response.status, 500);
        assert.deepEqual(await response.json(), { error: "GET /boom (boom.ts) failed: kaboom" });
        assert.match(kettle.logs(), /Error: kaboom\n\s+at \S+ \(.*boom\.ts:1:\d+\)/);
    });

    test("a handler that returns nothing, or something JSON cannot carry, is a 500 naming the file", async () => {
        const nothing = await fetch(`${kettle.url}/nothing`);
        assert.equal(nothing.status, 500);
        assert.match(((await nothing.json()) as { error: string }).error, /nothing\.ts#onRequestGet returned nothing/);
        const bigint = await fetch(`${kettle.url}/bigint`);
        assert.equal(bigint.status, 500);
        assert.match(
            ((await bigint.json()) as { error: string }).error,
            /bigint\.ts#onRequestGet returned a value that cannot be sent as JSON/
        );
    });

    test("past its timeout a function answers 504; a worker still responsive is kept, with its warm model", async () => {
        // Without the timeout the function would answer 200 { late: true }, four seconds later.
        const response = await fetch(`${kettle.url}/slow`);
        assert.equal(response.status, 504);
        assert.deepEqual(await response.json(), { error: "GET /slow (slow.ts) timed out: no response after 1000 ms" });
        // The lane keeps or replaces the worker before it ends the task, and only then is the model's slot free.
        let story: { sequences_busy: number } | undefined;
        for (let i = 0; i < 300; i++) {
            const ps = (await (await fetch(`${kettle.url}/api/ps`)).json()) as { models: { name: string; sequences_busy: number }[] };
            story = ps.models.find((model) => model.name === "story:latest");
            // Gone from the list: its worker was replaced, and the model with it.
            if (story === undefined || story.sequences_busy === 0) break;
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.equal(story?.sequences_busy, 0, `the timed-out task ended, its model still loaded: ${JSON.stringify(story)}`);
        assert.doesNotMatch(kettle.logs(), /terminating worker .*slow\.ts/);
        // The worker that held the model (it ran /slow, whose route names it) is alive: the model is still loaded there.
        const warm = await fetch(`${kettle.url}/api/generate`, {
            method: "POST",
            body: JSON.stringify({ model: "story", prompt: "Once", stream: false, options: { num_predict: 1 } })
        });
        assert.equal(((await warm.json()) as { load_duration: number }).load_duration, 0);
    });

    test("a synchronous infinite loop: 504, the worker is replaced, and the next requests (and warm models) work", async () => {
        const response = await fetch(`${kettle.url}/spin`);
        assert.equal(response.status, 504);
        const next = await fetch(`${kettle.url}/env`);
        assert.equal(next.status, 200);
        for (let i = 0; i < 400 && !/terminating worker/.test(kettle.logs()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
        assert.match(kettle.logs(), /terminating worker \d+: GET \/spin \(spin\.ts\) blocked its event loop past its timeout/);
        const generated = await fetch(`${kettle.url}/generate`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ model: "story" })
        });
        assert.equal(generated.status, 200);
        assert.equal(((await (await fetch(`${kettle.url}/nested/1`)).json()) as { id: string }).id, "1");
    });

    test("files that cannot be served are reported at start-up, naming the file; the built-in keeps its route", async () => {
        const logs = kettle.logs();
        assert.match(logs, /broken\.ts: does not compile:\n.*broken\.ts:2:\d+: Unexpected ";"/);
        assert.match(logs, /empty\.ts: exports no handler: export one of onRequest, onRequestGet/);
        assert.match(logs, /users\/\[user-id\]\.ts: invalid route parameter name "user-id"/);
        assert.match(logs, /api\/version\.ts serves GET \/api\/version, which is a built-in endpoint; the built-in is kept/);
        assert.equal((await fetch(`${kettle.url}/broken`)).status, 404);
        assert.match(((await (await fetch(`${kettle.url}/api/version`)).json()) as { version: string }).version, /^\d+\.\d+\.\d+$/);
    });
});
