/**
 * @module runBench
 * The side-by-side benchmark: node-llama-cpp in-process, Kettle over HTTP, and llama-server
 * (LLAMA_SERVER=/path) on one model, one thread count, one machine, one run. Each scenario is the
 * median of several runs after a warm-up, alternating the contenders so drift hits them equally.
 * Prints absolute medians and Kettle's ratios, writes bench/results/bench-<time>.json and .svg.
 * The `parallel` scenario (the scheduler benchmark, {@link runParallelScenario}), the
 * `embeddings` one ({@link runEmbeddingScenario}) and `prefix` ({@link runPrefixScenario}) run
 * after the others, on servers of their own, and add their tables and their JSON parts.
 *
 *   npm run bench [-- --runs 5 --threads 2 --scenarios decode,ttft,parallel --smoke]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { getEnv } from "../config/env.js";
import { physicalCoreCount } from "../runtime/engine/physicalCoreCount.js";
import { benchModels } from "./benchModels.js";
import type { Contender, ContenderSettings } from "./contenders/Contender.js";
import { inProcessContender } from "./contenders/inProcessContender.js";
import { kettleContender } from "./contenders/kettleContender.js";
import { llamaServerContender } from "./contenders/llamaServerContender.js";
import { routeLoad, type RouteLoad } from "./routeLoad.js";
import { formatEmbeddingReport, runEmbeddingScenario } from "./embeddingScenario.js";
import { formatParallelReport, missingParallelCells } from "./formatParallelReport.js";
import { runParallelScenario } from "./parallelScenario.js";
import { batchShape, formatBatchReport, runBatchScenario, smokeBatchShape } from "./batchScenario.js";
import { formatPrefixReport, prefixShape, runPrefixScenario, smokePrefixShape } from "./prefixScenario.js";
import { median } from "./stats.js";
import { writeChart } from "./writeChart.js";

/** Every scenario `--scenarios` takes, with what it measures. */
const scenarioNames: Record<string, string> = {
    decode: "single-stream decode tokens/s",
    ttft: "time to the first token",
    streams4: "aggregate tokens/s of 4 concurrent streams (8 slots)",
    streams8: "aggregate tokens/s of 8 concurrent streams (8 slots)",
    streams16: "aggregate tokens/s of 16 concurrent streams on 8 slots (half of them queued)",
    cold: "cold load to the first token",
    routes: "requests/s and latency of /api/version and /api/tags under load",
    parallel: "the scheduler: 1 vs 4 slots with 1, 4 and 16 clients",
    embeddings: "texts/s of the embeddings path, one by one and batched",
    prefix: "64 requests sharing a 512-token system prompt, 8 at a time: total time",
    batch: "a batch job of 256 lines (--batch-lines) on 8 slots: lines/s; interactive first token during it"
};

const usage = `usage: npm run bench [-- options]

Runs node-llama-cpp in-process, Kettle over HTTP and llama-server (when LLAMA_SERVER=/path/to/llama-server
is set) side by side on one model; prints medians and Kettle's ratios, writes bench/results/.

options:
  --runs N            runs per scenario after a warm-up (default 5; 1 with --smoke)
  --batch-lines N     lines of the batch scenario (default 256)
  --threads N         inference threads (default: physical cores)
  --scenarios a,b,…   which scenarios to run (default: all)
  --smoke             a quick run on the tiny test models: fails when a number is missing
  -h, --help          this text

scenarios:
${Object.entries(scenarioNames)
    .map(([name, what]) => `  ${name.padEnd(12)}${what}`)
    .join("\n")}
`;

function parseOptions() {
    try {
        return parseArgs({
            options: {
                runs: { type: "string" },
                threads: { type: "string" },
                "batch-lines": { type: "string" },
                scenarios: { type: "string", default: Object.keys(scenarioNames).join(",") },
                smoke: { type: "boolean", default: false },
                help: { type: "boolean", short: "h", default: false }
            }
        }).values;
    } catch (error) {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
        process.exit(2);
    }
}

const values = parseOptions();
if (values.help) {
    process.stdout.write(usage);
    process.exit(0);
}
const unknown = values.scenarios!.split(",").filter((name) => !(name in scenarioNames));
const badNumber = [values.runs, values.threads, values["batch-lines"]].some(
    (value) => value !== undefined && !(Number.isInteger(Number(value)) && Number(value) > 0)
);
if (unknown.length > 0 || badNumber) {
    const problem =
        unknown.length > 0
            ? `unknown scenario ${unknown.map((name) => JSON.stringify(name)).join(", ")}`
            : "--runs, --threads and --batch-lines take a positive integer";
    process.stderr.write(`${problem}\n\n${usage}`);
    process.exit(2);
}
const smoke = values.smoke === true;
const runs = Number(values.runs ?? (smoke ? 1 : 5));
const threads = values.threads ? Number(values.threads) : physicalCoreCount();
const scenarios = new Set(values.scenarios!.split(","));
const tokens = smoke ? 8 : 128;
const words = ["Once", "Twice", "Long", "Far", "Deep", "High", "Cold", "Warm", "Dark", "Bright", "Quiet", "Loud"];
/** About 30 tokens, distinct from the first word on, so no run reuses another's KV cache. */
const promptOf = (i: number) =>
    `${words[i % words.length]} upon a time, in a land far away, there lived a small fox who loved to run through the tall grass every morning`;

type Scenario = {
    id: string;
    label: string;
    unit: string;
    higherIsBetter: boolean;
    measure: (c: Contender, run: number) => Promise<number | undefined>;
};

const all: Scenario[] = [
    { id: "decode", label: "decode, 1 stream", unit: "tok/s", higherIsBetter: true, measure: (c, i) => c.decode(promptOf(i), tokens) },
    { id: "ttft", label: "first token", unit: "ms", higherIsBetter: false, measure: (c, i) => c.firstToken(promptOf(i + 3)) },
    {
        id: "streams4",
        label: "4 streams, aggregate",
        unit: "tok/s",
        higherIsBetter: true,
        measure: (c, i) =>
            c.concurrent(
                [0, 1, 2, 3].map((k) => promptOf(i * 4 + k)),
                tokens
            )
    },
    {
        id: "streams8",
        label: "8 streams, aggregate",
        unit: "tok/s",
        higherIsBetter: true,
        measure: (c, i) =>
            c.concurrent(
                [0, 1, 2, 3, 4, 5, 6, 7].map((k) => promptOf(i * 8 + k)),
                tokens
            )
    },
    {
        id: "streams16",
        label: "16 streams on 8 slots",
        unit: "tok/s",
        higherIsBetter: true,
        measure: (c, i) =>
            c.concurrent(
                Array.from({ length: 16 }, (_, k) => promptOf(i * 16 + k)),
                tokens
            )
    },
    {
        id: "cold",
        label: "cold load to first token",
        unit: "ms",
        higherIsBetter: false,
        measure: (c, i) => c.coldStart?.(promptOf(i)) ?? Promise.resolve(undefined)
    }
];

/** What the side-by-side scenarios measured, per scenario and contender. */
type SideBySide = {
    names: string[];
    results: Record<string, Record<string, number | undefined>>;
    routes: Record<string, RouteLoad>;
    samples: Record<string, Record<string, number[]>>;
};

async function main(): Promise<void> {
    const models = benchModels(smoke);
    const settings: ContenderSettings = {
        completionModel: models.completion,
        threads,
        contextSize: smoke ? 512 : 2048,
        slots: 8
    };
    const llamaServer = getEnv("LLAMA_SERVER");
    const dir = fileURLToPath(new URL("../../bench/results/", import.meta.url));
    mkdirSync(dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const output: Record<string, unknown> = { machine: { threads }, smoke, runs, tokens };
    const missing: string[] = [];

    const sideBySide = all.filter((s) => scenarios.has(s.id));
    if (sideBySide.length > 0 || scenarios.has("routes")) {
        const measured = await runSideBySide(settings, sideBySide, llamaServer);
        missing.push(...report(measured, join(dir, `bench-${stamp}.svg`)));
        Object.assign(output, { results: measured.results, routes: measured.routes, samples: measured.samples });
    }
    if (scenarios.has("parallel")) {
        process.stderr.write("parallel: 1 vs 4 streams, 1/4/16 clients …\n");
        // A number right after the first word: no request shares more than two tokens of prompt with another.
        const prompt = (i: number) => `${words[i % words.length]} ${i}: ${promptOf(i)}`;
        const parallel = await runParallelScenario({ settings, llamaServer, runs, tokens, prompt });
        process.stdout.write(formatParallelReport(parallel, threads));
        missing.push(...missingParallelCells(parallel));
        output.parallel = parallel;
    }
    if (scenarios.has("embeddings")) {
        const embeddings = await runEmbeddingScenario({
            model: models.embedding,
            threads,
            contextSize: settings.contextSize,
            sentences: smoke ? 64 : 1024,
            llamaServer
        });
        process.stdout.write(formatEmbeddingReport(embeddings));
        missing.push(
            ...embeddings.rows.filter((row) => !Number.isFinite(row.textsPerSecond)).map((row) => `embeddings/${row.contender} ${row.mode}`)
        );
        output.embeddings = embeddings;
    }

    if (scenarios.has("prefix")) {
        const prefix = await runPrefixScenario({
            model: models.completion,
            threads,
            contextSize: settings.contextSize,
            // A run takes minutes on a small CPU: two are enough for a ratio this large.
            runs: smoke ? 1 : Math.min(runs, 2),
            llamaServer,
            shape: smoke ? smokePrefixShape : prefixShape
        });
        process.stdout.write(formatPrefixReport(prefix));
        missing.push(...prefix.rows.filter((row) => !Number.isFinite(row.totalMs)).map((row) => `prefix/${row.contender}`));
        output.prefix = prefix;
    }
    if (scenarios.has("batch")) {
        const shape = smoke ? smokeBatchShape : { ...batchShape, lines: Number(values["batch-lines"] ?? batchShape.lines) };
        const batch = await runBatchScenario({ model: models.completion, threads, contextSize: settings.contextSize, shape, llamaServer });
        process.stdout.write(formatBatchReport(batch));
        missing.push(...batch.rows.filter((row) => !Number.isFinite(row.linesPerSecond)).map((row) => `batch/${row.contender}`));
        output.batch = batch;
    }
    const json = join(dir, `bench-${stamp}.json`);
    writeFileSync(json, JSON.stringify(output, null, 2));
    console.log(`results: ${json}`);
    if (smoke && missing.length > 0) {
        console.error(`smoke: no number for ${missing.join(", ")}`);
        process.exitCode = 1;
    }
}

/** In-process, Kettle and llama-server on the same scenarios, alternating. */
async function runSideBySide(settings: ContenderSettings, scenarioList: Scenario[], llamaServer: string | undefined): Promise<SideBySide> {
    const contenders: Contender[] = [await inProcessContender(settings)];
    const kettle = await kettleContender(settings);
    contenders.push(kettle);
    if (llamaServer) contenders.push(await llamaServerContender(llamaServer, settings));

    const results: Record<string, Record<string, number | undefined>> = {};
    const samples: Record<string, Record<string, number[]>> = {};
    try {
        for (const scenario of scenarioList) {
            process.stderr.write(`${scenario.label} …\n`);
            samples[scenario.id] = {};
            // Warm-up (not counted): loads, first allocations, page cache.
            if (scenario.id !== "cold") for (const contender of contenders) await scenario.measure(contender, 100);
            for (let run = 0; run < runs; run++) {
                for (const contender of contenders) {
                    const value = await scenario.measure(contender, run);
                    if (value !== undefined) (samples[scenario.id]![contender.name] ??= []).push(value);
                }
            }
            results[scenario.id] = Object.fromEntries(
                contenders.map((c) => [c.name, samples[scenario.id]![c.name] ? median(samples[scenario.id]![c.name]!) : undefined])
            );
        }
        const routes: Record<string, RouteLoad> = {};
        if (scenarios.has("routes")) {
            process.stderr.write("routes under load …\n");
            for (const path of ["/api/version", "/api/tags"]) routes[path] = await routeLoad(`${kettle.kettle.url}${path}`, smoke ? 1 : 5);
        }
        return { names: contenders.map((c) => c.name), results, routes, samples };
    } finally {
        for (const contender of contenders) await contender.close();
    }
}

/** Prints the side-by-side table and writes its chart; returns the cells without a number. */
function report({ names, results, routes }: SideBySide, svg: string): string[] {
    const [inProcess, kettle, llamaServer] = names as [string, string, string | undefined];
    const ratio = (scenario: Scenario, other: string | undefined) => {
        const mine = results[scenario.id]?.[kettle];
        const theirs = other ? results[scenario.id]?.[other] : undefined;
        if (mine === undefined || theirs === undefined) return undefined;
        return scenario.higherIsBetter ? mine / theirs : theirs / mine;
    };
    const shown = all.filter((s) => results[s.id]);
    const fmt = (value: number | undefined) => (value === undefined ? "-" : value >= 100 ? value.toFixed(0) : value.toFixed(1));
    const header = ["scenario", "unit", ...names, `kettle vs in-process`, ...(llamaServer ? ["kettle vs llama-server"] : [])];
    const rows = shown.map((s) => [
        s.label,
        s.unit,
        ...names.map((n) => fmt(results[s.id]![n])),
        fmt(ratio(s, inProcess)) + "x",
        ...(llamaServer ? [fmt(ratio(s, llamaServer)) + "x"] : [])
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
    console.log(`threads ${threads}, ${tokens} tokens per stream, ${runs} run(s) per scenario (medians); ratios > 1 mean Kettle is better`);
    console.log(line(header));
    for (const row of rows) console.log(line(row));
    if (shown.some((s) => s.id === "ttft")) {
        const ttft = results.ttft!;
        console.log(`first-token overhead over in-process: ${((ttft[kettle] ?? 0) - (ttft[inProcess] ?? 0)).toFixed(1)} ms`);
    }
    for (const [path, load] of Object.entries(routes)) {
        console.log(
            `${path}: ${load.requestsPerSecond.toFixed(0)} req/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms, ${load.errors} errors`
        );
    }

    writeFileSync(
        svg,
        writeChart(
            `Kettle vs the alternatives (${threads} threads; > 1 is better)`,
            shown.map((s) => ({
                label: s.label,
                values: [
                    { name: "vs node-llama-cpp in-process", ratio: ratio(s, inProcess) },
                    ...(llamaServer ? [{ name: "vs llama-server", ratio: ratio(s, llamaServer) }] : [])
                ]
            }))
        )
    );
    console.log(`chart: ${svg}`);
    return shown.flatMap((s) =>
        names.filter((n) => results[s.id]![n] === undefined || !Number.isFinite(results[s.id]![n]!)).map((n) => `${s.id}/${n}`)
    );
}

await main();
