/**
 * A smoke run of the benchmark harness on the tiny models: one run of every scenario (`parallel`
 * and `prefix` included), and every contender must produce a number (the harness exits non-zero otherwise).
 * Speed is not judged here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const runBench = fileURLToPath(new URL("../bench/runBench.js", import.meta.url));

test("the benchmark harness runs every scenario for every contender", { timeout: 240_000 }, () => {
    const run = spawnSync(process.execPath, [runBench, "--smoke"], {
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" }
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    for (const row of [
        "decode, 1 stream",
        "first token",
        "4 streams, aggregate",
        "8 streams, aggregate",
        "16 streams on 8 slots",
        "cold load to first token"
    ]) {
        assert.match(run.stdout, new RegExp(`^${row} +\\S+ +[\\d.]+ +[\\d.]+ +[\\d.]+x`, "m"), row);
    }
    assert.match(run.stdout, /^\/api\/version: \d+ req\/s, p50 [\d.]+ ms, p99 [\d.]+ ms, 0 errors$/m);

    // The scheduler scenario: 1 vs 4 streams with num_parallel 4, then TTFT and queue wait at 1, 4 and 16 clients.
    assert.match(run.stdout, /^kettle \/api\/generate {4,}[\d.]+ {4,}[\d.]+ {4,}[\d.]+x$/m, "parallel throughput row");
    for (const clients of [1, 4, 16]) {
        assert.match(run.stdout, new RegExp(`^kettle /api/generate {4,}${clients}(?: {4,}[\\d.]+){4}$`, "m"), `latency at ${clients}`);
    }
    // The embeddings scenario: every contender and pass has a row with a rate and latencies.
    for (const row of [
        "node-llama-cpp in-process one by one",
        "node-llama-cpp in-process batches of 32",
        "kettle (a) 32 concurrent single-input requests",
        "kettle (b) requests of 32 inputs",
        "kettle (c) second pass of (a), cached",
        "kettle (c) third pass of (a), cached, one client"
    ]) {
        assert.match(run.stdout, new RegExp(`^${row.replace(/[()]/g, "\\$&")}.* +[\\d.]+ +[\\d.]+ +[\\d.]+$`, "m"), row);
    }
    assert.match(run.stdout, /^kettle after \(c\): \d+ batches, \d+ evaluations, \d+ hits/m);
    assert.match(run.stdout, /^queue wait, kettle \/api\/generate: measured by the server/m);
    // The prefix scenario: Kettle sharing prefixes, and with sharing off, each with a total time.
    assert.match(run.stdout, /^ {2}kettle {2,}total [\d.]+ s, prompt time [\d.]+ s$/m, "prefix, kettle");
    assert.match(
        run.stdout,
        /^ {2}kettle, sharing off +total [\d.]+ s, prompt time [\d.]+ s, kettle [\d.]+x faster$/m,
        "prefix, sharing off"
    );

    const [, json] = /^results: (.*\.json)$/m.exec(run.stdout) ?? [];
    const [, svg] = /^chart: (.*\.svg)$/m.exec(run.stdout) ?? [];
    assert.ok(json && existsSync(json), "raw results written");
    assert.ok(svg && existsSync(svg), "chart written");
    const { parallel } = JSON.parse(readFileSync(json, "utf8")) as {
        parallel: { contenders: Record<string, { latency: { clients: number; ttftMs: number[]; queueWaitMs: number[] }[] }> };
    };
    const latency = parallel.contenders["kettle /api/generate"]!.latency;
    assert.deepEqual(
        latency.map((l) => [l.clients, l.ttftMs.length, l.queueWaitMs.length]),
        [
            [1, 1, 1],
            [4, 4, 4],
            [16, 16, 16]
        ],
        "one TTFT and one server-measured queue wait per request in the JSON"
    );
});
