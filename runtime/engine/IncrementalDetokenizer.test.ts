import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { getLlama, type LlamaModel, type Token } from "node-llama-cpp";
import { IncrementalDetokenizer } from "./IncrementalDetokenizer.js";
import { testModels } from "../../testing/testModels.js";

let model: LlamaModel;

before(async () => {
    const llama = await getLlama({ gpu: false, build: "never" });
    model = await llama.loadModel({ modelPath: testModels.plain });
});

after(async () => {
    await model.dispose();
});

test("never emits part of a UTF-8 character when characters are split across byte tokens", () => {
    const text = "Hi 你好🙂 ok";
    const tokens = model.tokenize(text);
    // The tiny vocabulary spells these characters byte by byte: each byte token alone is U+FFFD.
    assert.ok(tokens.length > text.length, `expected byte-fallback tokens, got ${tokens.length}`);
    const detokenizer = new IncrementalDetokenizer((t, special, last) => model.detokenize(t, special, last));
    const chunks = tokens.map((token) => detokenizer.push(token));
    chunks.push(detokenizer.flush());
    for (const chunk of chunks) {
        assert.ok(!chunk.includes("\uFFFD"), `chunk ${JSON.stringify(chunk)} holds a broken character`);
    }
    assert.equal(chunks.join(""), model.detokenize(tokens));
    assert.ok(chunks.join("").includes("你好🙂"));
    assert.ok(chunks.filter((chunk) => chunk !== "").length > 3, "text still streams a piece per character");
});

test("keeps the spaces between words when fed one token at a time after a prompt", () => {
    const prompt = model.tokenize("Once upon");
    const rest = model.tokenize(" a time, the dog");
    const detokenizer = new IncrementalDetokenizer((t, special, last) => model.detokenize(t, special, last), { previous: prompt });
    const text = rest.map((token: Token) => detokenizer.push(token)).join("") + detokenizer.flush();
    assert.equal(text, model.detokenize([...prompt, ...rest]).slice(model.detokenize(prompt).length));
});

test("gives up holding back after four tokens, so a real U+FFFD cannot stall the stream", () => {
    const detokenizer = new IncrementalDetokenizer(() => "\uFFFD");
    const out = [1, 2, 3, 4].map((token) => detokenizer.push(token as Token));
    assert.deepEqual(out, ["", "", "", "\uFFFD"]);
});
