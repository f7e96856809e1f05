import { test } from "node:test";
import assert from "node:assert/strict";
import { formatEta, layerEta, layerSpeed, layerText, TransferProgress } from "./TransferProgress.js";
import { plainLines } from "./renderProgress.js";

const digest = `sha256:270cba1bd510${"0".repeat(52)}`;
const status = "pulling 270cba1bd510";

test("speed and time left come from the last few seconds, not from the first byte", () => {
    let now = 0;
    const progress = new TransferProgress(() => now);
    // A resumed download: 900 MB already there when the first line arrives.
    progress.update({ status, digest, total: 1_000_000_000, completed: 900_000_000 });
    const layer = progress.layers.get(digest)!;
    assert.equal(layerSpeed(layer), undefined, "no speed before half a second of samples");
    for (let second = 1; second <= 10; second++) {
        now = second * 1000;
        progress.update({ status, digest, total: 1_000_000_000, completed: 900_000_000 + second * 5_000_000 });
    }
    assert.equal(layerSpeed(layer), 5_000_000, "5 MB/s over the window");
    assert.equal(layerEta(layer), 10);
    assert.equal(layerText(layer), "pulling 270cba1bd510:  95% 950 MB/1 GB  5 MB/s  10s");
    now += 6000; // a stall: the window keeps only the last two samples, still 0 bytes apart
    progress.update({ status, digest, total: 1_000_000_000, completed: 950_000_000 });
    assert.equal(layerSpeed(layer), 0);
    assert.equal(formatEta(layerEta(layer)!), "stalled");
    assert.equal(formatEta(75), "1m15s");
    assert.equal(formatEta(3700), "1h1m");
});

test("a non-terminal gets each status once and each layer when it starts and ends", () => {
    let now = 0;
    const progress = new TransferProgress(() => now);
    const config = `sha256:8f434346648f${"0".repeat(52)}`;
    const stream = [
        { status: "pulling manifest" },
        { status, digest, total: 1_185_376, completed: 0 },
        { status, digest, total: 1_185_376, completed: 500_000 },
        { status, digest, total: 1_185_376, completed: 1_185_376 },
        { status, digest, total: 1_185_376, completed: 1_185_376 },
        { status: "pulling 8f434346648f", digest: config, total: 494, completed: 494 },
        { status: "verifying sha256 digest" },
        { status: "writing manifest" },
        { status: "writing manifest" },
        { status: "success" }
    ];
    const lines = stream.flatMap((line) => {
        now += 60;
        return progress.update(line).flatMap(plainLines);
    });
    assert.deepEqual(lines, [
        "pulling manifest",
        "pulling 270cba1bd510: 0% of 1.2 MB",
        "pulling 270cba1bd510: 100% 1.2 MB",
        "pulling 8f434346648f: 100% 494 B",
        "verifying sha256 digest",
        "writing manifest",
        "success"
    ]);
});
