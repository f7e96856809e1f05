/**
 * `kettle batch` from the command line: create, ls, show, results and cancel against a real
 * server; and `kettle batch run` in process without one, stopped with SIGINT midway and resumed by
 * the same command, ending with every custom_id exactly once.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { kettleBin, startKettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";

type Run = { status: number | null; stdout: string; stderr: string };

const line = (id: string, tokens = 8) =>
    JSON.stringify({
        custom_id: id,
        method: "POST",
        url: "/v1/chat/completions",
        body: { model: "tiny", messages: [{ role: "user", content: `Story ${id}` }], max_tokens: tokens, temperature: 0 }
    });

test("kettle batch create, ls, show, results and cancel against a running server", async () => {
    const kettle = await startKettle({ config: `[scheduler]\nnum_parallel = 2\n` });
    try {
        await kettle.createModel("tiny", testModels.chatml);
        const cli = (...args: string[]): Run => {
            const result = spawnSync(process.execPath, [kettleBin, "batch", ...args], {
                cwd: kettle.dir,
                encoding: "utf8",
                env: kettle.env
            });
            return { status: result.status, stdout: result.stdout, stderr: result.stderr };
        };
        const input = join(kettle.dir, "input.jsonl");
        writeFileSync(input, ["a", "b", "c"].map((id) => line(id)).join("\n") + "\n");
        const created = cli("create", input, "--metadata", "team=search");
        assert.equal(created.status, 0, created.stderr);
        const id = created.stdout.trim();
        assert.match(id, /^batch_[0-9a-f]{24}$/);

        let shown: Record<string, any> = {};
        for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
            shown = JSON.parse(cli("show", id, "--json").stdout);
            if (shown.status === "completed") break;
            await new Promise((resolve) => setTimeout(resolve, 200));
        }
        assert.equal(shown.status, "completed");
        assert.deepEqual(shown.metadata, { team: "search" });
        assert.equal(shown.endpoint, "/v1/chat/completions", "read from the first line");

        const listed = cli("ls");
        assert.match(listed.stdout, /^ID\s+STATUS\s+ENDPOINT\s+DONE\s+FAILED\s+CREATED/);
        assert.match(listed.stdout, new RegExp(`${id}\\s+completed\\s+/v1/chat/completions\\s+3/3\\s+0`));

        const plain = cli("show", id);
        assert.match(plain.stdout, /requests\s+3 \(3 completed, 0 failed\)/);

        const results = cli("results", id);
        const ids = results.stdout
            .trim()
            .split("\n")
            .map((text) => JSON.parse(text).custom_id);
        assert.deepEqual(ids.sort(), ["a", "b", "c"]);
        const saved = join(kettle.dir, "out.jsonl");
        assert.equal(cli("results", id, "-o", saved).status, 0);
        assert.equal(readFileSync(saved, "utf8"), results.stdout);
        assert.equal(cli("results", id, "--errors").stdout, "", "no failures, no error file");

        const cancelled = cli("cancel", id);
        assert.equal(cancelled.status, 1);
        assert.match(cancelled.stderr, /^Error: cannot cancel a batch with status completed/m);
        const missing = cli("show", "batch_nope");
        assert.equal(missing.status, 1);
        assert.match(missing.stderr, /No such Batch object: batch_nope/);
        const badFile = join(kettle.dir, "bad.jsonl");
        writeFileSync(badFile, "not json\n");
        assert.match(cli("create", badFile).stderr, /first line is not JSON; pass --endpoint/);
    } finally {
        await kettle.stop();
    }
});

test("kettle batch run: in process, Ctrl-C keeps what is done, the same command resumes and finishes", async () => {
    // A store with the model in it, then no server: `batch run` works on the store in process.
    const kettle = await startKettle();
    await kettle.createModel("tiny", testModels.chatml);
    await kettle.stop();
    const env = { ...kettle.env, KETTLE_HOST: "127.0.0.1:9" };
    const input = join(kettle.dir, "input.jsonl");
    const output = join(kettle.dir, "results.jsonl");
    const total = 40;
    writeFileSync(input, Array.from({ length: total }, (_, i) => line(`r${i}`, 96)).join("\n") + "\n");

    // First run: interrupted once some lines are committed.
    const first = spawn(process.execPath, [kettleBin, "batch", "run", input, "-o", output], {
        cwd: kettle.dir,
        env,
        stdio: ["ignore", "pipe", "pipe"]
    });
    let stderr = "";
    first.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    const state = `${output}.kettle-batch`;
    const exited = new Promise<number | null>((resolve) => first.once("exit", resolve));
    for (const deadline = Date.now() + 60_000; !/in_progress/.test(stderr) && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 700));
    first.kill("SIGINT");
    assert.equal(await exited, 130, stderr);
    const stopped = /stopped: (\d+) of 40 lines done; run the same command again/.exec(stderr);
    assert.ok(stopped && Number(stopped[1]) < 40, stderr);
    assert.ok(existsSync(state), "the state is kept");
    assert.ok(!existsSync(output));

    const second = spawnSync(process.execPath, [kettleBin, "batch", "run", input, "-o", output], {
        cwd: kettle.dir,
        env,
        encoding: "utf8"
    });
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stderr, /resuming batch_[0-9a-f]+: \d+ of 40 lines already done/);
    const ids = readFileSync(output, "utf8")
        .trim()
        .split("\n")
        .map((text) => JSON.parse(text).custom_id as string);
    assert.equal(ids.length, total);
    assert.equal(new Set(ids).size, total);
    assert.ok(!existsSync(state), "the state folder is removed at the end");
});
