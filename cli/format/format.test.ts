import { test } from "node:test";
import assert from "node:assert/strict";
import { formatBytes } from "./formatBytes.js";
import { formatRelativeTime } from "./formatRelativeTime.js";
import { formatTable } from "./formatTable.js";

test("formatBytes uses decimal units like Ollama", () => {
    const cases: [number, string][] = [
        [0, "0 B"],
        [999, "999 B"],
        [1000, "1 KB"],
        [1185376, "1.2 MB"],
        [12_345_678, "12 MB"],
        [4_700_000_000, "4.7 GB"],
        [2e12, "2 TB"]
    ];
    for (const [bytes, text] of cases) assert.equal(formatBytes(bytes), text);
});

test("formatRelativeTime reads like Ollama's HumanTime", () => {
    const now = new Date("2026-01-10T12:00:00Z");
    const ago = (ms: number) => formatRelativeTime(new Date(now.getTime() - ms), now);
    assert.equal(ago(500), "Less than a second ago");
    assert.equal(ago(1000), "1 second ago");
    assert.equal(ago(45_000), "45 seconds ago");
    assert.equal(ago(90_000), "About a minute ago");
    assert.equal(ago(5 * 60_000), "5 minutes ago");
    assert.equal(ago(3600_000), "About an hour ago");
    assert.equal(ago(5 * 3600_000), "5 hours ago");
    assert.equal(ago(3 * 86400_000), "3 days ago");
    assert.equal(ago(21 * 86400_000), "3 weeks ago");
    assert.equal(ago(90 * 86400_000), "3 months ago");
    assert.equal(ago(3 * 365 * 86400_000), "3 years ago");
    assert.equal(formatRelativeTime(new Date(now.getTime() + 4 * 60_000 + 500), now), "4 minutes from now");
    assert.equal(formatRelativeTime(new Date(now.getTime() + 30 * 365 * 86400_000), now), "Forever");
    assert.equal(formatRelativeTime(undefined, now), "Never");
});

test("formatTable aligns columns with four spaces and no borders", () => {
    assert.equal(
        formatTable([
            ["NAME", "ID", "SIZE"],
            ["a:latest", "0123456789ab", "1.2 MB"],
            ["longer-name:v1", "ba9876543210", "12 MB"]
        ]),
        "NAME              ID              SIZE\n" +
            "a:latest          0123456789ab    1.2 MB\n" +
            "longer-name:v1    ba9876543210    12 MB\n"
    );
});
