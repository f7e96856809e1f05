/**
 * @module threadProfile
 * Where the CPU goes while Kettle serves concurrent streams: a real `kettle serve` on the benchmark
 * model, N streams of 128 greedy tokens at once, and every thread of the server and of its lane
 * sampled from /proc (user + system time) before and after. Threads are grouped by their name
 * (main, libuv pool, V8 platform, Piscina workers, OpenMP team), with CPU seconds per generated
 * token, so the relay's cost can be told from llama.cpp's. Linux only.
 *
 *   npm run build && node dist/bench/threadProfile.js [streams=8]
 */
import { readdirSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { lanePids } from "../testing/lanePids.js";
import { benchModels } from "./benchModels.js";
import { kettleContender } from "./contenders/kettleContender.js";
import { physicalCoreCount } from "../runtime/engine/physicalCoreCount.js";

const streams = Number(process.argv[2] ?? 8);
const tokens = 128;
const ticks = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

type ThreadTimes = Map<string, { name: string; seconds: number }>;

function threadsOf(pid: number): ThreadTimes {
    const times: ThreadTimes = new Map();
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
        try {
            const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
            const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
            const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            times.set(tid, { name, seconds: (Number(fields[11]) + Number(fields[12])) / ticks });
        } catch {
            // the thread ended between the listing and the read
        }
    }
    return times;
}

/** CPU seconds spent between two samples, by thread name. */
function spent(before: ThreadTimes, after: ThreadTimes): Map<string, { threads: number; seconds: number }> {
    const byName = new Map<string, { threads: number; seconds: number }>();
    for (const [tid, now] of after) {
        const seconds = now.seconds - (before.get(tid)?.seconds ?? 0);
        const entry = byName.get(now.name) ?? { threads: 0, seconds: 0 };
        entry.threads++;
        entry.seconds += seconds;
        byName.set(now.name, entry);
    }
    return byName;
}

const threads = physicalCoreCount();
const kettle = await kettleContender({ completionModel: benchModels(false).completion, threads, contextSize: 2048, slots: 8 });
try {
    const prompt = (i: number) => `Story ${i}: once upon a time, in a land far away, there lived a small fox who loved to run`;
    await kettle.concurrent(
        [0, 1, 2, 3, 4, 5, 6, 7].slice(0, streams).map((i) => prompt(100 + i)),
        tokens
    ); // warm-up
    const server = kettle.kettle.process.pid!;
    const lanes = lanePids(server);
    const before = [server, ...lanes].map(threadsOf);
    const wall = performance.now();
    const rate = await kettle.concurrent(
        Array.from({ length: streams }, (_, i) => prompt(i)),
        tokens
    );
    const wallSeconds = (performance.now() - wall) / 1000;
    const after = [server, ...lanes].map(threadsOf);
    const generated = streams * tokens;
    console.log(
        `${streams} streams x ${tokens} tokens, ${threads} threads: ${rate.toFixed(1)} tok/s aggregate, ${wallSeconds.toFixed(2)} s wall`
    );
    ["server", ...lanes.map((_, i) => `lane ${i}`)].forEach((label, i) => {
        const rows = [...spent(before[i]!, after[i]!).entries()]
            .filter(([, v]) => v.seconds > 0)
            .sort((a, b) => b[1].seconds - a[1].seconds);
        const total = rows.reduce((sum, [, v]) => sum + v.seconds, 0);
        console.log(`${label}: ${total.toFixed(2)} CPU s (${((total / wallSeconds) * 100).toFixed(0)}% of one core)`);
        for (const [name, v] of rows) {
            console.log(
                `  ${name.padEnd(16)} ${String(v.threads).padStart(3)} thread(s) ${v.seconds.toFixed(2).padStart(7)} s  ` +
                    `${((v.seconds / generated) * 1e6).toFixed(0).padStart(6)} µs/token`
            );
        }
        // Threads often share a name ("node"): the busiest ones by id, the process's main thread marked.
        const pid = [server, ...lanes][i]!;
        const byThread = [...after[i]!.entries()]
            .map(([tid, now]) => ({ tid, name: now.name, seconds: now.seconds - (before[i]!.get(tid)?.seconds ?? 0) }))
            .filter((thread) => thread.seconds > 0.005)
            .sort((a, b) => b.seconds - a.seconds);
        for (const thread of byThread) {
            const main = Number(thread.tid) === pid ? " (main)" : "";
            console.log(
                `    tid ${thread.tid}${main} ${thread.name}: ${thread.seconds.toFixed(2)} s, ${((thread.seconds / generated) * 1e6).toFixed(0)} µs/token`
            );
        }
    });
} finally {
    await kettle.close();
}
