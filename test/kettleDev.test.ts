/**
 * `kettle dev`: a change to a function, to kettle.toml or to .dev.vars is served without a restart
 * and without unloading warm models (the next model call reports a load_duration of 0, which a
 * worker reports only for a model it already held); a file that stops compiling is reported and its
 * last good version keeps serving.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startKettle, type Kettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";
import { writeFunctions } from "../testing/writeFunctions.js";

const version = (n: number) => `
    import type { Handler } from "kettle";
    export const onRequestPost: Handler<{ SUFFIX?: string }> = async ({ models, env }) => {
        const answer = await models.generate({ model: "story", prompt: "Once upon a time", options: { num_predict: 3 } });
        return { version: ${n}, suffix: env.SUFFIX ?? null, load_duration: answer.load_duration };
    };`;

type Answer = { version: number; suffix: string | null; load_duration: number };

describe("kettle dev", () => {
    let kettle: Kettle;
    let configDir: string;
    let functionsDir: string;
    /** The load_duration of every answer, in order: only the first may have loaded the model. */
    const loads: number[] = [];
    const ask = async (): Promise<Answer> => {
        const response = await fetch(`${kettle.url}/warm`, { method: "POST" });
        assert.equal(response.status, 200, await response.clone().text());
        const answer = (await response.json()) as Answer;
        loads.push(answer.load_duration);
        return answer;
    };
    /** Polled answers count too: a model unloaded early in a reload is loaded again by the next one. */
    const assertNeverReloaded = () =>
        assert.deepEqual(
            loads.slice(1).filter((load) => load !== 0),
            [],
            "every call after the first found the model loaded"
        );
    /** Polls until `check` holds (a bounded wait for the watcher, not a speed check); answers the last answer. */
    const until = async (check: (answer: Answer) => boolean, ms = 20_000): Promise<Answer> => {
        const deadline = Date.now() + ms;
        for (;;) {
            const answer = await ask();
            if (check(answer) || Date.now() > deadline) return answer;
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
    };
    /** Polls until `check` holds, for at most 20 s. */
    const waitFor = async (check: () => boolean | Promise<boolean>): Promise<void> => {
        for (let i = 0; i < 400 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    };

    before(async () => {
        configDir = mkdtempSync(join(tmpdir(), "kettle-dev-"));
        functionsDir = writeFunctions({ "warm.ts": version(1) }, join(configDir, "functions"));
        writeFileSync(join(configDir, "kettle.toml"), '[functions.routes."/warm"]\nmodel = "story"\n');
        kettle = await startKettle({ command: "dev", env: { KETTLE_CONFIG: join(configDir, "kettle.toml") } });
        await kettle.createModel("story", testModels.plain);
    });
    after(async () => kettle?.stop());

    test("a changed function is served without a restart, its model still warm", async () => {
        const first = await ask();
        assert.equal(first.version, 1);
        assert.ok(first.load_duration > 0, "the first call loaded the model");
        assert.equal((await ask()).load_duration, 0, "a warm model reports no load");
        writeFileSync(join(functionsDir, "warm.ts"), version(2));
        const answer = await until((answer) => answer.version === 2);
        assert.equal(answer.version, 2);
        assertNeverReloaded();
        assert.match(kettle.logs(), /kettle: reloaded functions in \d+ ms/);
    });

    test("a syntax error is shown, and the last good version keeps serving", async () => {
        writeFileSync(join(functionsDir, "warm.ts"), "export const onRequestPost = ( => {;\n");
        await waitFor(() => /warm\.ts: does not compile/.test(kettle.logs()));
        assert.match(kettle.logs(), /warm\.ts: does not compile:\n.*warm\.ts:1:\d+: .*\n.*\n\s+\(its last good version keeps serving\)/);
        assert.equal((await ask()).version, 2);
        writeFileSync(join(functionsDir, "warm.ts"), version(3));
        assert.equal((await until((answer) => answer.version === 3)).version, 3);
    });

    test("a new file is routed, and .dev.vars and kettle.toml changes reach ctx.env", async () => {
        writeFileSync(join(functionsDir, "added.ts"), "export const onRequestGet = () => ({ added: true });");
        await waitFor(async () => (await fetch(`${kettle.url}/added`)).status === 200);
        assert.deepEqual(await (await fetch(`${kettle.url}/added`)).json(), { added: true });
        writeFileSync(join(configDir, ".dev.vars"), "SUFFIX=from-secrets\n");
        assert.equal((await until((answer) => answer.suffix === "from-secrets")).suffix, "from-secrets");
        writeFileSync(join(configDir, ".dev.vars"), "");
        writeFileSync(join(configDir, "kettle.toml"), '[functions.routes."/warm"]\nmodel = "story"\n[vars]\nSUFFIX = "from-toml"\n');
        const answer = await until((answer) => answer.suffix === "from-toml");
        assert.equal(answer.suffix, "from-toml");
        assertNeverReloaded();
    });
});
