import { test } from "node:test";
import assert from "node:assert/strict";
import type { ProgressResponse } from "../../runtime/ollama/types.js";
import { FakeTerminal } from "./FakeTerminal.js";
import { renderProgress } from "./renderProgress.js";

const model = `sha256:270cba1bd510${"a".repeat(52)}`;
const params = `sha256:56bb8bd477a5${"b".repeat(52)}`;

/** A pipe or CI log: not a terminal, keeps every byte. */
function logStream() {
    const chunks: string[] = [];
    return {
        out: { isTTY: false, write: (chunk: string) => chunks.push(chunk) > 0 } as unknown as NodeJS.WritableStream,
        text: () => chunks.join("")
    };
}

/** Yields the lines, advancing the fake clock by `step` ms before each, and then fails if told to. */
async function* lines(clock: { now: number }, stream: ProgressResponse[], step = 60, failure?: Error): AsyncGenerator<ProgressResponse> {
    for (const line of stream) {
        clock.now += step;
        yield line;
    }
    if (failure) throw failure;
}

test("a pull from a URL prints each status once and the file when it starts and ends", async () => {
    const clock = { now: 0 };
    const { out, text } = logStream();
    const total = 77_000_000;
    const stream: ProgressResponse[] = [
        ...[0, 10_000_000, 40_000_000, 76_999_999, total].map((completed) => ({ status: "pulling tiny.gguf", total, completed })),
        { status: "parsing GGUF" },
        { status: `using existing layer ${model}` },
        { status: `using existing layer ${params}` },
        { status: "writing manifest" },
        { status: "success" }
    ];
    await renderProgress(lines(clock, stream), { out, now: () => clock.now });
    assert.equal(
        text(),
        [
            "pulling tiny.gguf: 0% of 77 MB",
            "pulling tiny.gguf: 100% 77 MB",
            "parsing GGUF",
            `using existing layer ${model}`,
            `using existing layer ${params}`,
            "writing manifest",
            "success",
            ""
        ].join("\n")
    );
});

test("a push prints each layer's start and end, and nothing between", async () => {
    const clock = { now: 0 };
    const { out, text } = logStream();
    const stream: ProgressResponse[] = [
        { status: "retrieving manifest" },
        { status: "pushing 270cba1bd510", digest: model, total: 2_000_000_000, completed: 0 },
        { status: "pushing 270cba1bd510", digest: model, total: 2_000_000_000, completed: 1_000_000_000 },
        { status: "pushing 56bb8bd477a5", digest: params, total: 96, completed: 96 },
        { status: "pushing 270cba1bd510", digest: model, total: 2_000_000_000, completed: 2_000_000_000 },
        { status: "pushing manifest" },
        { status: "success" }
    ];
    await renderProgress(lines(clock, stream), { out, now: () => clock.now });
    assert.equal(
        text(),
        "retrieving manifest\npushing 270cba1bd510: 0% of 2 GB\npushing 56bb8bd477a5: 100% 96 B\npushing 270cba1bd510: 100% 2 GB\npushing manifest\nsuccess\n"
    );
});

test("on a terminal each layer gets a bar, Ollama's look, and the statuses print around them", async () => {
    const clock = { now: 0 };
    const terminal = new FakeTerminal();
    const total = 1_185_376;
    const stream: ProgressResponse[] = [
        { status: "pulling manifest" },
        { status: "pulling 270cba1bd510", digest: model, total, completed: 0 },
        { status: "pulling 56bb8bd477a5", digest: params, total: 96, completed: 96 },
        { status: "pulling 270cba1bd510", digest: model, total, completed: 600_000 },
        { status: "pulling 270cba1bd510", digest: model, total, completed: total },
        { status: "verifying sha256 digest" },
        { status: "writing manifest" },
        { status: "success" }
    ];
    await renderProgress(lines(clock, stream), { out: terminal as unknown as NodeJS.WritableStream, tty: true, now: () => clock.now });
    assert.deepEqual(terminal.screen(), [
        "pulling manifest",
        "pulling 270cba1bd510: 100% ▕████████████████████████▏ 1.2 MB",
        "pulling 56bb8bd477a5: 100% ▕████████████████████████▏ 96 B",
        "verifying sha256 digest",
        "writing manifest",
        "success"
    ]);
    assert.equal(terminal.cursorVisible, true, "the cursor is shown again");
    assert.equal(terminal.lineWrap, true, "line wrapping is back on");
});

test("an interrupted pull leaves the bar where it stopped, with speed and time left, and the terminal usable", async () => {
    const clock = { now: 0 };
    const terminal = new FakeTerminal();
    const total = 1_000_000_000;
    // Resumed at 400 MB, then 5 MB a second: the speed is the recent rate, not 405 MB in the first second.
    const stream: ProgressResponse[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((second) => ({
        status: "pulling 270cba1bd510",
        digest: model,
        total,
        completed: 400_000_000 + second * 5_000_000
    }));
    const aborted = new DOMException("This operation was aborted", "AbortError");
    await assert.rejects(
        renderProgress(lines(clock, stream, 1000, aborted), {
            out: terminal as unknown as NodeJS.WritableStream,
            tty: true,
            now: () => clock.now
        }),
        aborted
    );
    assert.deepEqual(terminal.screen(), ["pulling 270cba1bd510:  45% ▕███████████             ▏ 450 MB/1 GB  5 MB/s  1m50s"]);
    assert.equal(terminal.cursorVisible, true);
    assert.equal(terminal.lineWrap, true);
    assert.ok(terminal.written.join("").endsWith("\n"), "the shell's prompt starts on a line of its own");
});
