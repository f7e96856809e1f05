/**
 * @module batchRun
 * `kettle batch run INPUT -o OUTPUT`: a batch without a server. The same runtime and runner as
 * `kettle serve`, in this process, with its state (database, files) in `OUTPUT.kettle-batch/`.
 * Ctrl-C stops it keeping every committed line; the same command then resumes where it stopped.
 * At the end the results are written to OUTPUT (and the failures to OUTPUT's `.errors.jsonl`
 * sibling) and the state folder is removed.
 */
import { copyFileSync, createReadStream, rmSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import type { Config } from "../../config/Config.js";
import { batchObject } from "../../runtime/batches/batchObject.js";
import type { BatchRow } from "../../runtime/batches/BatchStore.js";
import { endedStatuses, type BatchView } from "../client/BatchClient.js";
import { BatchProgress } from "../progress/BatchProgress.js";
import { UsageError } from "../UsageError.js";
import { describeBatch, endpointOfFirstLine } from "./batch.js";

export type BatchRunOptions = { output: string; endpoint?: string };

/** Where a run's failures go: `out.jsonl` → `out.errors.jsonl`. */
export function errorsPathFor(output: string): string {
    return output.endsWith(".jsonl") ? `${output.slice(0, -".jsonl".length)}.errors.jsonl` : `${output}.errors.jsonl`;
}

export async function batchRun(config: Config, input: string, options: BatchRunOptions): Promise<number> {
    const source = resolve(input);
    const output = resolve(options.output);
    const size = statSync(source, { throwIfNoEntry: false })?.size;
    if (size === undefined) throw new UsageError(`${input}: no such file`);
    const stateDir = `${output}.kettle-batch`;
    const { startRuntime } = await import("../../server/startRuntime.js");
    const runtime = await startRuntime({ ...config, batches: { ...config.batches, path: stateDir } });
    const { batches, files, runner } = {
        batches: runtime.batchJobs.batches,
        files: runtime.batchJobs.files,
        runner: runtime.batchJobs.runner
    };
    const stopped = new AbortController();
    const onSignal = () => stopped.abort();
    // `on`, not `once`: a dependency's signal-exit handler re-raises the signal when it finds itself the only listener.
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    const progress = new BatchProgress();
    // Removed once the database is closed.
    let removeState = false;
    try {
        let row: BatchRow | undefined = batches.list({ limit: 1 }).data[0];
        if (row && (row.metadata ? (JSON.parse(row.metadata) as Record<string, string>).source_bytes : undefined) !== String(size)) {
            throw new UsageError(`${stateDir} holds a run of another input; remove it to start over`);
        }
        if (!row) {
            const endpoint = options.endpoint ?? endpointOfFirstLine(source);
            const file = await files.receive(createReadStream(source), basename(source));
            row = batches.create({
                endpoint,
                input_file_id: file.id,
                completion_window: "24h",
                metadata: { source, source_bytes: String(size) }
            });
        } else process.stderr.write(`resuming ${row.id}: ${row.completed + row.failed} of ${row.total} lines already done\n`);
        const id = row.id;
        const done = runner.submit(id);
        while (!stopped.signal.aborted) {
            const now = batches.get(id);
            progress.update({ status: now.status, total: now.total, completed: now.completed, failed: now.failed });
            if (endedStatuses.includes(now.status)) break;
            await Promise.race([
                done,
                new Promise((resolve) => setTimeout(resolve, 500)),
                new Promise((resolve) => stopped.signal.addEventListener("abort", resolve))
            ]);
        }
        if (stopped.signal.aborted) {
            await runner.close();
            const now = batches.get(id);
            progress.stop();
            process.stderr.write(
                `stopped: ${now.completed + now.failed} of ${now.total} lines done; run the same command again to go on\n`
            );
            return 130;
        }
        await done;
        const ended = batches.get(id);
        progress.stop({ status: ended.status, total: ended.total, completed: ended.completed, failed: ended.failed });
        if (ended.status === "failed") {
            process.stderr.write(describeBatch(batchObject(ended) as unknown as BatchView));
            removeState = true;
            return 1;
        }
        if (ended.output_file_id) copyFileSync(files.pathOf(ended.output_file_id), output);
        if (ended.error_file_id) copyFileSync(files.pathOf(ended.error_file_id), errorsPathFor(output));
        process.stderr.write(
            `${ended.completed} lines to ${output}${ended.failed > 0 ? `, ${ended.failed} failed to ${errorsPathFor(output)}` : ""}\n`
        );
        removeState = true;
        return ended.failed > 0 ? 1 : 0;
    } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        progress.stop();
        await runtime.close();
        if (removeState) rmSync(stateDir, { recursive: true, force: true });
    }
}
