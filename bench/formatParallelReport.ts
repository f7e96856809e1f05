/**
 * @module formatParallelReport
 * The `parallel` scenario's two tables as text: throughput (1 stream, 4 streams, the ratio, and
 * the targets) and latency at 1, 4 and 16 clients (TTFT and estimated queue wait, p50 and
 * p99); and the cells without a number, which fail a smoke run.
 */
import { formatTable } from "../cli/format/formatTable.js";
import type { ParallelResult } from "./parallelScenario.js";

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const rate = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

export function formatParallelReport(result: ParallelResult, threads: number): string {
    const names = Object.keys(result.contenders);
    const entries = Object.entries(result.contenders);
    const lines = [
        `parallel: num_parallel ${result.numParallel} (llama-server -np ${result.numParallel}), threads ${threads}, ` +
            `${result.tokens} tokens per stream, ${result.runs} run(s) (medians)`,
        formatTable([
            ["contender", "1 stream tok/s", `${result.numParallel} streams tok/s`, `${result.numParallel} / 1`],
            ...entries.map(([name, { throughput: t }]) => [name, rate(t.oneStream), rate(t.fourStreams), `${t.ratio.toFixed(2)}x`])
        ]).trimEnd()
    ];
    const [kettle, llamaServer] = names as [string, string | undefined];
    const kettleThroughput = result.contenders[kettle]!.throughput;
    lines.push(
        `target: ${result.numParallel} streams >= 2x 1 stream: ${kettleThroughput.ratio.toFixed(2)}x, ${met(kettleThroughput.ratio >= 2)}`
    );
    if (llamaServer) {
        const versus = kettleThroughput.fourStreams / result.contenders[llamaServer]!.throughput.fourStreams;
        lines.push(
            `target: ${result.numParallel} streams >= llama-server -np ${result.numParallel}: ${versus.toFixed(2)}x, ${met(versus >= 1)}`
        );
    }
    lines.push(
        "",
        `latency: each client sends one ${result.latencyTokens}-token request, all at once; num_parallel ${result.numParallel}`,
        formatTable([
            ["contender", "clients", "TTFT p50 ms", "TTFT p99 ms", "queue wait p50 ms", "queue wait p99 ms"],
            ...entries.flatMap(([name, { latency }]) =>
                latency.map((l) => [name, String(l.clients), ms(l.ttftP50Ms), ms(l.ttftP99Ms), ms(l.queueWaitP50Ms), ms(l.queueWaitP99Ms)])
            )
        ]).trimEnd(),
        ...entries.map(([name, { queueWait }]) => `queue wait, ${name}: ${queueWait}`)
    );
    return lines.join("\n") + "\n";
}

function met(yes: boolean): string {
    return yes ? "met" : "not met";
}

/** `contender/cell` for every number that is missing or not finite. */
export function missingParallelCells(result: ParallelResult): string[] {
    return Object.entries(result.contenders).flatMap(([name, { throughput, latency }]) => {
        const cells: [string, number][] = [
            ["1 stream", throughput.oneStream],
            ["4 streams", throughput.fourStreams],
            ["ratio", throughput.ratio],
            ...latency.flatMap((l): [string, number][] => [
                [`ttft p50 @${l.clients}`, l.ttftP50Ms],
                [`ttft p99 @${l.clients}`, l.ttftP99Ms],
                [`queue wait p50 @${l.clients}`, l.queueWaitP50Ms],
                [`queue wait p99 @${l.clients}`, l.queueWaitP99Ms]
            ])
        ];
        return cells.filter(([, value]) => !Number.isFinite(value)).map(([cell]) => `parallel/${name}/${cell}`);
    });
}
