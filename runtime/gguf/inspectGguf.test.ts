import { test } from "node:test";
import assert from "node:assert/strict";
import { inspectGguf } from "./inspectGguf.js";
import { InvalidModelFileError } from "../errors/InvalidModelFileError.js";
import { brokenModels, testModels } from "../../testing/testModels.js";

test("reads family, size, quantization and lengths from a real GGUF without general.file_type", async () => {
    const info = await inspectGguf(testModels.plain);
    assert.equal(info.architecture, "llama");
    assert.equal(info.parameterCount, 292800);
    assert.equal(info.parameterSize, "293K");
    assert.equal(info.quantizationLevel, "F32", "inferred from the tensors when general.file_type is missing");
    assert.equal(info.contextLength, 2048);
    assert.equal(info.embeddingLength, 64);
    assert.equal(info.poolingType, undefined);
    assert.equal(info.chatTemplate, undefined);
    assert.equal(info.license, undefined);
    assert.equal(info.metadata["general.architecture"], "llama");
    assert.equal(info.metadata["llama.block_count"], 5);
    assert.equal((info.metadata["tokenizer.ggml.tokens"] as string[]).length, 512);
    assert.equal(info.tensors.length, 48);
    assert.deepEqual(info.tensors[0], { name: "token_embd.weight", type: "F32", shape: [64, 512] });
});

test("reads the chat template and the pooling type of the variants", async () => {
    assert.match((await inspectGguf(testModels.chatml)).chatTemplate!, /<\|im_start\|>/);
    assert.match((await inspectGguf(testModels.zephyr)).chatTemplate!, /<\|assistant\|>/);
    assert.equal((await inspectGguf(testModels.embed)).poolingType, 1);
});

test("refuses broken files with a reason, before native code sees them", async () => {
    const files = brokenModels();
    const cases: [string, RegExp][] = [
        [files.wrongMagic, /wrong magic number \(not a GGUF file\)/],
        [files.truncatedData, /truncated: tensor .* ends at byte \d+ but the file has 592688 bytes/],
        [files.truncatedHeader, /truncated: the header ends at byte \d+ but the file has 5000 bytes/],
        [files.empty, /not a usable GGUF model/],
        [`${files.dir}/missing.gguf`, /file not found/]
    ];
    for (const [path, reason] of cases) {
        await assert.rejects(inspectGguf(path), (error: unknown) => {
            assert.ok(error instanceof InvalidModelFileError, path);
            assert.ok(error.message.startsWith(`${path} is not a usable GGUF model: `), error.message);
            assert.match(error.message, reason);
            return true;
        });
    }
});
