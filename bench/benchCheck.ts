/**
 * @module benchCheck
 * The short paired benchmark that guards the speed Kettle has (`npm run bench:check`, a few minutes):
 * single-stream decode, 4 and 8 concurrent streams on 8 slots, Kettle over HTTP against
 * node-llama-cpp in this process, alternating, medians of a few runs after a warm-up. Prints each
 * ratio against its floor and exits non-zero when one is below. Run it before calling done any
 * change to runtime/engine, pool/ or server/. Not part of `npm test`: speed is never judged in tests.
 *
 * The floors sit a noise margin below what the throughput work reached on a 2-core host (decode
 * 1.03, 4 streams 0.99, 8 streams 1.1 of in-process; bench/README.md).
 */
import { parseArgs } from "node:util";
import { benchModels } from "./benchModels.js";
import type { Contender, ContenderSettings } from "./contenders/Contender.js";
import { inProcessContender } from "./contenders/inProcessContender.js";
import { kettleContender } from "./contenders/kettleContender.js";
import { median } from "./stats.js";
import { physicalCoreCount } from "../runtime/engine/physicalCoreCount.js";

const floors = { decode: 0.95, streams4: 0.9, streams8: 0.95 } as const;
const tokens = 128;
const words = ["Once", "Twice", "Long", "Far", "Deep", "High", "Cold", "Warm", "Dark", "Bright", "Quiet", "Loud"];
const promptOf = (i: number) =>
    `${words[i % words.length]} ${i}: upon a time, in a land far away, there lived a small fox who loved to run through the tall grass`;

const checks: {
    id: keyof typeof floors;
    label: string;
    runs: number;
    measure: (contender: Contender, run: number) => Promise<number>;
}[] = [
    { id: "decode", label: "decode, 1 stream", runs: 5, measure: (c, i) => c.decode(promptOf(i), tokens) },
    {
        id: "streams4",
        label: "4 streams on 8 slots",
        runs: 5,
        measure: (c, i) =>
            c.concurrent(
                [0, 1, 2, 3].map((k) => promptOf(100 + i * 4 + k)),
                tokens
            )
    },
    {
        id: "streams8",
        label: "8 streams on 8 slots",
        // The longest check: 3 runs keep the whole under about five minutes.
        runs: 3,
        measure: (c, i) =>
            c.concurrent(
                [0, 1, 2, 3, 4, 5, 6, 7].map((k) => promptOf(200 + i * 8 + k)),
                tokens
            )
    }
];

async function main(): Promise<void> {
    // `-- --threads N` measures another thread count (the floors stay those of the default).
    const { values } = parseArgs({ options: { threads: { type: "string" } } });
    const threads = values.threads !== undefined ? Number(values.threads) : physicalCoreCount();
    if (!Number.isInteger(threads) || threads < 1) throw new Error("--threads takes a positive integer");
    const settings: ContenderSettings = { completionModel: benchModels(false).completion, threads, contextSize: 2048, slots: 8 };
    const inProcess = await inProcessContender(settings);
    const kettle = await kettleContender(settings);
    const started = performance.now();
    let failed = false;
    try {
        console.log(`bench:check: ${threads} threads, ${tokens} tokens per stream, medians of alternating runs (tok/s)`);
        for (const check of checks) {
            const samples: Record<string, number[]> = { inProcess: [], kettle: [] };
            // Warm-up (not counted): loads, first allocations, page cache.
            await check.measure(inProcess, 1000);
            await check.measure(kettle, 1001);
            for (let run = 0; run < check.runs; run++) {
                samples.inProcess!.push(await check.measure(inProcess, run * 2));
                samples.kettle!.push(await check.measure(kettle, run * 2 + 1));
            }
            const base = median(samples.inProcess!);
            const mine = median(samples.kettle!);
            const ratio = mine / base;
            const ok = ratio >= floors[check.id];
            failed ||= !ok;
            console.log(
                `${check.label.padEnd(22)} in-process ${base.toFixed(1).padStart(6)}  kettle ${mine.toFixed(1).padStart(6)}  ` +
                    `ratio ${ratio.toFixed(2)}  floor ${floors[check.id].toFixed(2)}  ${ok ? "ok" : "BELOW FLOOR"}`
            );
        }
    } finally {
        await kettle.close();
        await inProcess.close();
    }
    console.log(`${failed ? "FAILED" : "passed"} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    if (failed) process.exitCode = 1;
}

await main();
