import { test } from "node:test";
import assert from "node:assert/strict";
import { formatParameterCount } from "./formatParameterCount.js";

test("parameter counts read like Ollama's", () => {
    const cases: [number, string][] = [
        [999, "999"],
        [292800, "293K"],
        [1_500_000, "1.50M"],
        [7_000_000, "7M"],
        [7_615_616_512, "7.6B"],
        [8_000_000_000, "8B"]
    ];
    for (const [count, text] of cases) assert.equal(formatParameterCount(count), text, String(count));
});
