/**
 * `kettle dev`: a change to a function, to kettle.toml or to .dev.vars is served within a second,
 * without unloading warm models (the next model call reports a load_duration near zero); a file
 * that stops compiling is reported and its last good version keeps serving.
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
    const ask = async (): Promise<Answer> => {
        const response = await fetch(`${kettle.url}/warm`, { method: "POST" });
        assert.equal(response.status, 200, await response.clone().text());
        return (await response.json()) as Answer;
    };
    /** Polls until `check` holds, for at most `ms`; answers the last answer. */
    const until = async (check: (answer: Answer) => boolean, ms = 3000): Promise<{ answer: Answer; waited: number }> => {
        const started = Date.now();
        for (;;) {
            const answer = await ask();
            if (check(answer) || Date.now() - started > ms) return { answer, waited: Date.now() - started };
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
    };

    before(async () => {
        configDir = mkdtempSync(join(tmpdir(), "kettle-dev-"));
        functionsDir = writeFunctions({ "warm.ts": version(1) }, join(configDir, "functions"));
        writeFileSync(join(configDir, "kettle.toml"), '[functions.routes."/warm"]\nmodel = "story"\n');
        kettle = await startKettle({ command: "dev", env: { KETTLE_CONFIG: join(configDir, "kettle.toml") } });
        await kettle.createModel("story", testModels.plain);
    });
    after(async () => kettle?.stop());

    test("a changed function is served within a second, its model still warm", async () => {
        const first = await ask();
        assert.equal(first.version, 1);
        assert.ok(first.load_duration > 0, "the first call loaded the model");
        writeFileSync(join(functionsDir, "warm.ts"), version(2));
        const { answer, waited } = await until((answer) => answer.version === 2);
        assert.equal(answer.version, 2);
        assert.ok(waited < 1000, `reloaded after ${waited} ms`);
        assert.ok(answer.load_duration < 5e7, `load_duration ${answer.load_duration} ns: the model stayed warm`);
        assert.match(kettle.logs(), /kettle: reloaded functions in \d+ ms/);
    });

    test("a syntax error is shown, and the last good version keeps serving", async () => {
        writeFileSync(join(functionsDir, "warm.ts"), "export const onRequestPost = ( => {;\n");
        for (let i = 0; i < 40 && !/warm\.ts: does not compile/.test(kettle.logs()); i++) {
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
        assert.match(kettle.logs(), /warm\.ts: does not compile:\n.*warm\.ts:1:\d+: .*\n.*\n\s+\(its last good version keeps serving\)/);
        assert.equal((await ask()).version, 2);
        writeFileSync(join(functionsDir, "warm.ts"), version(3));
        assert.equal((await until((answer) => answer.version === 3)).answer.version, 3);
    });

    test("a new file is routed, and .dev.vars and kettle.toml changes reach ctx.env", async () => {
        writeFileSync(join(functionsDir, "added.ts"), "export const onRequestGet = () => ({ added: true });");
        for (let i = 0; i < 40 && (await fetch(`${kettle.url}/added`)).status !== 200; i++) {
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
        assert.deepEqual(await (await fetch(`${kettle.url}/added`)).json(), { added: true });
        writeFileSync(join(configDir, ".dev.vars"), "SUFFIX=from-secrets\n");
        assert.equal((await until((answer) => answer.suffix === "from-secrets")).answer.suffix, "from-secrets");
        writeFileSync(join(configDir, ".dev.vars"), "");
        writeFileSync(join(configDir, "kettle.toml"), '[functions.routes."/warm"]\nmodel = "story"\n[vars]\nSUFFIX = "from-toml"\n');
        const { answer } = await until((answer) => answer.suffix === "from-toml");
        assert.equal(answer.suffix, "from-toml");
        assert.ok(answer.load_duration < 5e7, "still warm");
    });
});
