/**
 * @module BatchProgress
 * A batch's progress as `kettle batch show` and `kettle batch run` draw it: on a terminal a live bar
 * (cli-progress) with lines done, failed, lines per second and time left; elsewhere one plain line
 * per change of status and at the end. The rate is over the last minute of samples.
 */
import { SingleBar } from "cli-progress";

export type BatchCounts = { status: string; total: number; completed: number; failed: number };

const windowMs = 60_000;

export class BatchProgress {
    readonly #out: NodeJS.WritableStream;
    readonly #tty: boolean;
    readonly #now: () => number;
    #bar: SingleBar | undefined;
    #samples: { at: number; done: number }[] = [];
    #lastStatus: string | undefined;

    constructor(options: { out?: NodeJS.WritableStream & { isTTY?: boolean }; tty?: boolean; now?: () => number } = {}) {
        this.#out = options.out ?? process.stderr;
        this.#tty = options.tty ?? (this.#out as { isTTY?: boolean }).isTTY === true;
        this.#now = options.now ?? Date.now;
    }

    update(counts: BatchCounts): void {
        const done = counts.completed + counts.failed;
        const at = this.#now();
        this.#samples.push({ at, done });
        while (this.#samples.length > 2 && this.#samples[0]!.at < at - windowMs) this.#samples.shift();
        const text = this.describe(counts);
        if (!this.#tty) {
            if (counts.status !== this.#lastStatus) this.#out.write(`${text}\n`);
        } else {
            if (!this.#bar) {
                this.#bar = new SingleBar({
                    stream: this.#out,
                    format: "{bar} {text}",
                    barsize: 24,
                    hideCursor: true,
                    clearOnComplete: false
                });
                this.#bar.start(Math.max(1, counts.total), done, { text });
            }
            this.#bar.setTotal(Math.max(1, counts.total));
            this.#bar.update(done, { text });
        }
        this.#lastStatus = counts.status;
    }

    /** `in_progress: 120/256 done, 2 failed, 3.1 lines/s, 44s left` */
    describe(counts: BatchCounts): string {
        const done = counts.completed + counts.failed;
        const first = this.#samples[0];
        const last = this.#samples.at(-1);
        const rate = first && last && last.at > first.at ? ((last.done - first.done) * 1000) / (last.at - first.at) : 0;
        const left = rate > 0 && done < counts.total ? `, ${formatSeconds((counts.total - done) / rate)} left` : "";
        return `${counts.status}: ${done}/${counts.total} done, ${counts.failed} failed, ${rate.toFixed(1)} lines/s${left}`;
    }

    stop(final?: BatchCounts): void {
        if (final && !this.#tty && final.status === this.#lastStatus) this.#out.write(`${this.describe(final)}\n`);
        this.#bar?.stop();
        this.#bar = undefined;
    }
}

function formatSeconds(seconds: number): string {
    if (seconds < 60) return `${Math.ceil(seconds)}s`;
    if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, "0")}s`;
    return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")}m`;
}
