import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { EngineModel } from "./EngineModel.js";
import { minSharedTokens } from "./PrefixSharing.js";
import { collect, definitionFor, loadTestEngine } from "../../testing/testEngine.js";
import { testModels } from "../../testing/testModels.js";

const greedy = { temperature: 0 };
const never = new AbortController().signal;

/** A shared "system prompt" of some hundred tokens for stories260K, distinct per test. */
function prefix(name: string): string {
    return `${name} lived in a small house near the big park. Every morning ${name} went to the park to play with a red ball. One day ${name} saw a little dog under a tree. The dog was sad because it was lost. ${name} wanted to help the dog find its home.`;
}

describe("prompt prefixes shared across the sequences of a context (stories260K, 2 slots)", () => {
    let sharing: EngineModel;
    let alone: EngineModel;
    before(async () => {
        sharing = await loadTestEngine(definitionFor(testModels.plain), { num_ctx: 512 }, 2);
        alone = await loadTestEngine(definitionFor(testModels.plain), { num_ctx: 512 }, 2, { sharePrefixes: false });
    });
    after(async () => {
        await sharing.dispose();
        await alone.dispose();
    });

    const request = (prompt: string, num_predict: number) => ({ prompt, raw: true, options: { ...greedy, num_predict } });

    test("a request copies the prefix a busy sequence holds, and generates what it would alone", async () => {
        const shared = prefix("Tim");
        const expected = await collect(alone.generate(request(`${shared} Then Tim said`, 24), never));
        // The first request holds slot 0, paused after its first token (its prompt evaluated).
        const first = sharing.generate(request(`${shared} The dog barked`, 200), never);
        assert.equal((await first.next()).done, false);
        const second = await collect(sharing.generate(request(`${shared} Then Tim said`, 24), never));
        await first.return(undefined as never);

        assert.equal(second.text, expected.text);
        assert.equal(second.stats.promptEvalCount, expected.stats.promptEvalCount, "prompt_eval_count still counts the whole prompt");
        const prefixTokens = sharing.countTokens(shared);
        assert.ok(prefixTokens > minSharedTokens, `the prefix is ${prefixTokens} tokens`);
        assert.ok(
            (second.stats.sharedPromptCount ?? 0) >= prefixTokens - 2,
            `copied ${second.stats.sharedPromptCount} of the prefix's ${prefixTokens} tokens`
        );
        assert.equal(expected.stats.sharedPromptCount, undefined, "nothing is copied with share_prefixes off");
    });

    test("requests sent together evaluate their shared prefix once: the second waits for the first and copies it", async () => {
        const shared = prefix("Sue");
        const expectedFirst = await collect(alone.generate(request(`${shared} The dog barked`, 16), never));
        const expectedSecond = await collect(alone.generate(request(`${shared} Then Sue said`, 16), never));
        const [first, second] = await Promise.all([
            collect(sharing.generate(request(`${shared} The dog barked`, 16), never)),
            collect(sharing.generate(request(`${shared} Then Sue said`, 16), never))
        ]);
        assert.equal(first.text, expectedFirst.text);
        assert.equal(second.text, expectedSecond.text);
        assert.equal(first.stats.sharedPromptCount, undefined, "the first evaluates the prefix");
        assert.ok((second.stats.sharedPromptCount ?? 0) > minSharedTokens, `the second copied ${second.stats.sharedPromptCount}`);
    });

    test("a request waiting for another's prefix can be cancelled; the other is not disturbed", async () => {
        const shared = prefix("Max");
        const expected = await collect(alone.generate(request(`${shared} The dog barked`, 16), never));
        const controller = new AbortController();
        const first = collect(sharing.generate(request(`${shared} The dog barked`, 16), never));
        const second = collect(sharing.generate(request(`${shared} Then Max said`, 16), controller.signal));
        controller.abort();
        await assert.rejects(second, (error: unknown) => error instanceof Error && error.name === "AbortError");
        assert.equal((await first).text, expected.text);
    });

    test("prompts sharing less than the threshold are evaluated, not copied", async () => {
        const first = sharing.generate(request("Once upon a time, there was a big", 100), never);
        assert.equal((await first.next()).done, false);
        const second = await collect(sharing.generate(request("Once upon a time, there was a little", 8), never));
        await first.return(undefined as never);
        assert.equal(second.stats.sharedPromptCount, undefined);
    });
});
