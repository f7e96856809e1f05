import { test } from "node:test";
import assert from "node:assert/strict";
import { displayLong, displayShortest, modelNameProblem, parseModelName, requireModelName } from "./ModelName.js";
import { InvalidModelNameError } from "../errors/InvalidModelNameError.js";

test("valid names are normalised with Ollama's defaults", () => {
    const cases: [string, string, string][] = [
        // input, fully qualified, shortest display
        ["llama3.2", "registry.ollama.ai/library/llama3.2:latest", "llama3.2:latest"],
        ["llama3.2:1b", "registry.ollama.ai/library/llama3.2:1b", "llama3.2:1b"],
        ["user/model", "registry.ollama.ai/user/model:latest", "user/model:latest"],
        ["user/model:tag", "registry.ollama.ai/user/model:tag", "user/model:tag"],
        ["hf.co/bartowski/Qwen2.5-GGUF:Q4_K_M", "hf.co/bartowski/Qwen2.5-GGUF:Q4_K_M", "hf.co/bartowski/Qwen2.5-GGUF:Q4_K_M"],
        ["localhost:5000/ns/m:v1", "localhost:5000/ns/m:v1", "localhost:5000/ns/m:v1"],
        ["https://example.com/ns/m", "example.com/ns/m:latest", "example.com/ns/m:latest"],
        ["registry.ollama.ai/library/x:y", "registry.ollama.ai/library/x:y", "x:y"],
        ["REGISTRY.OLLAMA.AI/LIBRARY/X", "REGISTRY.OLLAMA.AI/LIBRARY/X:latest", "X:latest"],
        ["_under_score", "registry.ollama.ai/library/_under_score:latest", "_under_score:latest"],
        ["a".repeat(80), `registry.ollama.ai/library/${"a".repeat(80)}:latest`, `${"a".repeat(80)}:latest`]
    ];
    for (const [input, long, short] of cases) {
        const name = requireModelName(input);
        assert.equal(displayLong(name), long, input);
        assert.equal(displayShortest(name), short, input);
    }
});

test("a digest suffix is parsed and validated", () => {
    const hex = "a".repeat(64);
    assert.equal(parseModelName(`m:t@sha256:${hex}`).digest, `sha256:${hex}`);
    assert.equal(modelNameProblem(parseModelName(`m:t@sha256:${hex}`)), undefined);
    assert.match(modelNameProblem(parseModelName("m@"))!, /digest is empty/);
});

test("invalid names are rejected with the reason", () => {
    const cases: [string, RegExp][] = [
        ["", /model is empty/],
        ["../x", /namespace must start with/],
        ["./x", /namespace must start with/],
        ["a/b/c/d/e", /host contains the character "\/"/],
        ["x/../../etc/passwd", /host contains the character "\/"/],
        ["model:", /tag is empty/],
        ["/model", /namespace is empty/],
        ["ns/", /model is empty/],
        ["has space", /model contains the character " "/],
        ["semi;colon", /model contains the character ";"/],
        ["name.with.dots/model", /namespace contains the character "."/],
        ["-leading-dash", /model must start with/],
        [".hidden", /model must start with/],
        ["m:t:u", /model contains the character ":"/],
        ["a".repeat(81), /model is longer than 80 characters/],
        [`m:${"t".repeat(81)}`, /tag is longer than 80 characters/],
        [`${"h".repeat(351)}/ns/m`, /host is longer than 350 characters/],
        ["m\\x", /model contains the character "\\"/],
        ["emoji🙂", /model contains the character/]
    ];
    for (const [input, reason] of cases) {
        assert.throws(
            () => requireModelName(input),
            (error: unknown) => {
                assert.ok(error instanceof InvalidModelNameError, input);
                assert.match(error.message, reason, input);
                assert.ok(error.message.startsWith(`invalid model name "${input}"`), error.message);
                return true;
            }
        );
    }
});
