/**
 * API keys against a real `kettle serve`: the official clients (openai, @anthropic-ai/sdk, ollama)
 * with the right key, a wrong one and none; the headers both kinds of client send; the routes open
 * to all; the CLI's KETTLE_API_KEY; keys from the environment and a key file; and no key in the logs.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { Ollama } from "ollama";
import { kettleBin, startKettle, type Kettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";

const alice = "sk-alice-0123456789";
const bare = "sk-bare-abcdef";

describe("API keys", () => {
    let kettle: Kettle;

    before(async () => {
        kettle = await startKettle({
            config: `[server]\napi_keys = ["alice:${alice}", "${bare}"]\n`,
            env: { KETTLE_API_KEY: alice }
        });
        await kettle.createModel("chat", testModels.chatml);
    });
    after(async () => {
        await kettle?.stop();
    });

    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${kettle.url}${path}`, { headers });

    test("a missing or wrong key is a 401 with WWW-Authenticate; Bearer and x-api-key both work; some routes are open", async () => {
        const missing = await get("/api/tags");
        assert.equal(missing.status, 401);
        assert.equal(missing.headers.get("www-authenticate"), "Bearer");
        assert.match(((await missing.json()) as { error: string }).error, /requires an API key/);
        const wrong = await get("/api/tags", { authorization: "Bearer sk-nope" });
        assert.equal(wrong.status, 401);
        assert.deepEqual(await wrong.json(), { error: "invalid API key" });
        assert.equal((await get("/api/tags", { authorization: `Bearer ${alice}` })).status, 200);
        assert.equal((await get("/api/tags", { "x-api-key": bare })).status, 200);
        for (const path of ["/", "/api/version", "/healthz", "/readyz"]) assert.equal((await get(path)).status, 200, path);
        const preflight = await fetch(`${kettle.url}/api/chat`, {
            method: "OPTIONS",
            headers: { origin: "http://localhost:3000", "access-control-request-method": "POST" }
        });
        assert.ok(preflight.status < 400, "a CORS preflight carries no key and passes");
    });

    test("the openai client: its key works, a wrong one raises AuthenticationError in OpenAI's shape", async () => {
        const good = new OpenAI({ baseURL: `${kettle.url}/v1`, apiKey: alice, maxRetries: 0 });
        assert.ok((await good.models.list()).data.some((model) => model.id.startsWith("chat")));
        const bad = new OpenAI({ baseURL: `${kettle.url}/v1`, apiKey: "sk-wrong", maxRetries: 0 });
        await assert.rejects(bad.models.list(), (error: unknown) => {
            assert.ok(error instanceof OpenAI.AuthenticationError);
            assert.equal(error.status, 401);
            assert.equal((error.error as { type: string }).type, "invalid_request_error");
            return true;
        });
    });

    test("the Anthropic client sends x-api-key: it works, a wrong one raises AuthenticationError in Anthropic's shape", async () => {
        const good = new Anthropic({ baseURL: kettle.url, apiKey: bare, maxRetries: 0 });
        const message = await good.messages.create({ model: "chat", max_tokens: 4, messages: [{ role: "user", content: "Hi" }] });
        assert.equal(message.type, "message");
        const bad = new Anthropic({ baseURL: kettle.url, apiKey: "sk-wrong", maxRetries: 0 });
        await assert.rejects(
            bad.messages.create({ model: "chat", max_tokens: 4, messages: [{ role: "user", content: "Hi" }] }),
            (error: unknown) => {
                assert.ok(error instanceof Anthropic.AuthenticationError);
                assert.deepEqual(error.error, { type: "error", error: { type: "authentication_error", message: "invalid API key" } });
                return true;
            }
        );
    });

    test("ollama-js with an Authorization header works; without one it gets a 401", async () => {
        const good = new Ollama({ host: kettle.url, headers: { Authorization: `Bearer ${alice}` } });
        assert.ok((await good.list()).models.length > 0);
        const none = new Ollama({ host: kettle.url });
        await assert.rejects(none.list(), (error: unknown) => {
            assert.equal((error as { status_code?: number }).status_code, 401);
            return true;
        });
    });

    test("the CLI sends KETTLE_API_KEY; without it, it says the server wants a key", () => {
        const listed = spawnSync(process.execPath, [kettleBin, "ls"], { env: kettle.env, encoding: "utf8" });
        assert.equal(listed.status, 0, listed.stderr);
        assert.match(listed.stdout, /chat:latest/);
        const { KETTLE_API_KEY: _, ...withoutKey } = kettle.env;
        const refused = spawnSync(process.execPath, [kettleBin, "ls"], { env: withoutKey, encoding: "utf8" });
        assert.notEqual(refused.status, 0);
        assert.match(refused.stderr, /requires an API key/);
    });

    test("no key ever reaches the logs", () => {
        const logs = kettle.logs();
        for (const secret of [alice, bare, "sk-wrong", "sk-nope"]) assert.ok(!logs.includes(secret), secret);
    });

    test("keys from KETTLE_API_KEYS and from server.api_key_file", async () => {
        const dir = mkdtempSync(join(tmpdir(), "kettle-keys-"));
        const file = join(dir, "keys.txt");
        writeFileSync(file, "# the team's keys\ncarol:sk-carol-1\n\nsk-dave-2\n");
        const other = await startKettle({
            config: `[server]\napi_key_file = "${file}"\n`,
            env: { KETTLE_API_KEYS: "bob:sk-bob-3,sk-erin-4" }
        });
        try {
            for (const key of ["sk-carol-1", "sk-dave-2", "sk-bob-3", "sk-erin-4"]) {
                const answer = await fetch(`${other.url}/api/tags`, { headers: { authorization: `Bearer ${key}` } });
                assert.equal(answer.status, 200, key);
            }
            assert.equal((await fetch(`${other.url}/api/tags`, { headers: { authorization: "Bearer carol:sk-carol-1" } })).status, 401);
        } finally {
            await other.stop();
        }
    });
});
