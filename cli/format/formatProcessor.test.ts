import { test } from "node:test";
import assert from "node:assert/strict";
import { formatProcessor } from "./formatProcessor.js";

test("formatProcessor splits size between CPU and GPU as Ollama's ps does", () => {
    const cases: [size: number, sizeVram: number, text: string][] = [
        [4_700_000_000, 0, "100% CPU"],
        [4_700_000_000, 4_700_000_000, "100% GPU"],
        [1000, 520, "48%/52% CPU/GPU"],
        [1000, 995, "1%/99% CPU/GPU"],
        // 0.5% on the CPU rounds up, as Go's math.Round does.
        [200, 199, "1%/99% CPU/GPU"],
        [2000, 1, "100%/0% CPU/GPU"],
        [1000, 1001, "Unknown"],
        // Ollama checks size_vram == 0 first: an empty report is "100% CPU", not "Unknown".
        [0, 0, "100% CPU"]
    ];
    for (const [size, sizeVram, text] of cases) assert.equal(formatProcessor(size, sizeVram), text, `${size}/${sizeVram}`);
});
