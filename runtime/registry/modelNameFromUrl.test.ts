import { test } from "node:test";
import assert from "node:assert/strict";
import { modelNameFromUrl } from "./modelNameFromUrl.js";
import { requireModelName } from "../store/ModelName.js";

test("a URL's file name becomes a valid model name", () => {
    const cases: [string, string][] = [
        ["https://huggingface.co/u/r/resolve/main/Llama-3.2-1B-Instruct-Q4_K_M.gguf?download=true", "Llama-3.2-1B-Instruct-Q4_K_M:latest"],
        ["http://127.0.0.1:8080/models/tiny%20model%20(v2).GGUF", "tiny-model-v2:latest"],
        ["https://example.com/.hidden.gguf", "hidden:latest"],
        ["https://example.com/", "example.com:latest"],
        ["https://example.com/%%%.gguf", "model:latest"]
    ];
    for (const [url, name] of cases) {
        assert.equal(modelNameFromUrl(url), name, url);
        requireModelName(name);
    }
});
