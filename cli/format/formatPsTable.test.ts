import { test } from "node:test";
import assert from "node:assert/strict";
import type { RunningModel } from "../../runtime/ollama/types.js";
import { formatPsTable } from "./formatPsTable.js";

const now = new Date("2026-01-10T12:00:00.000Z");
const details = { parent_model: "", format: "gguf", family: "llama", families: null, parameter_size: "8B", quantization_level: "Q4_K_M" };

function model(fields: Partial<RunningModel> & { name: string }): RunningModel {
    return {
        model: fields.name,
        size: 5_100_000_000,
        size_vram: 0,
        digest: "c6eb396dbd5992bbe3f5cdb947e8bbc0ee413d7c17e2beaae69f5d569cf982eb",
        details,
        expires_at: new Date(now.getTime() + 4 * 60_000 + 30_000).toISOString(),
        context_length: 4096,
        ...fields
    };
}

test("formatPsTable: Ollama's six columns as Ollama prints them, then Kettle's four", () => {
    const table = formatPsTable(
        [
            model({
                name: "gemma4:latest",
                size_vram: 5_100_000_000,
                expires_at: new Date(8.64e15).toISOString(),
                lane: "gpu0,gpu1",
                replicas: 2,
                sequences_busy: 3,
                sequences_total: 8,
                queue_depth: 5
            }),
            model({ name: "llama3.2:latest", lane: "cpu", replicas: 1, sequences_busy: 0, sequences_total: 4, queue_depth: 0 }),
            model({ name: "split:latest", size: 1000, size_vram: 520, expires_at: "2026-01-10T11:59:59.000Z" })
        ],
        now
    );
    assert.equal(
        table,
        [
            "NAME               ID              SIZE      PROCESSOR          CONTEXT    UNTIL                 LANE         REPLICAS    SLOTS    QUEUE",
            "gemma4:latest      c6eb396dbd59    5.1 GB    100% GPU           4096       Forever               gpu0,gpu1    2           3/8      5",
            "llama3.2:latest    c6eb396dbd59    5.1 GB    100% CPU           4096       4 minutes from now    cpu          1           0/4      0",
            "split:latest       c6eb396dbd59    1 KB      48%/52% CPU/GPU    4096       Stopping...           -            -           -        -",
            ""
        ].join("\n")
    );
});

test("formatPsTable: with nothing loaded, only the header", () => {
    assert.equal(formatPsTable([], now), "NAME    ID    SIZE    PROCESSOR    CONTEXT    UNTIL    LANE    REPLICAS    SLOTS    QUEUE\n");
});
