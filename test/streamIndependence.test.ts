/**
 * Streams in one context stay independent: cancelling some frees their sequences without disturbing
 * the others (whose text is what it is alone), and a stream that reaches `num_predict` or its stop
 * sequence leaves the batch at once while the others go on. The model is a random-weight one whose
 * greedy generation never ends by itself, so only what the test does can end a stream.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startKettle, type Kettle } from "../testing/startKettle.js";
import { randomModel } from "../testing/testModels.js";

const options = { temperature: 0, num_ctx: 8192 };
const prompts = ["Once upon a time", "The little fox", "In the morning", "A cold wind"];

describe("independent streams", () => {
    let kettle: Kettle;

    before(async () => {
        kettle = await startKettle({ env: { OLLAMA_NUM_PARALLEL: "4" } });
        await kettle.createModel("endless", randomModel(["--ctx", "8192", "--chat-template", "none"]));
    });
    after(async () => {
        await kettle?.stop();
    });

    const generate = (prompt: string, extra: Record<string, unknown>, signal?: AbortSignal) =>
        fetch(`${kettle.url}/api/generate`, {
            method: "POST",
            body: JSON.stringify({ model: "endless", prompt, options: { ...options, ...extra } }),
            ...(signal ? { signal } : {})
        });

    async function textOf(response: Response): Promise<{ text: string; final: Record<string, unknown> }> {
        const lines = (await response.text())
            .trim()
            .split("\n")
            .map((line) => JSON.parse(line) as Record<string, unknown>);
        return { text: lines.map((line) => String(line.response ?? "")).join(""), final: lines.at(-1)! };
    }

    async function busy(): Promise<number> {
        const { models } = (await (await fetch(`${kettle.url}/api/ps`)).json()) as { models: { name: string; sequences_busy: number }[] };
        return models.find((model) => model.name === "endless:latest")?.sequences_busy ?? 0;
    }

    /** Polls /api/ps (bounded) until the model's busy sequences read `count`. */
    async function untilBusy(count: number, why: string): Promise<void> {
        let seen = await busy();
        for (let i = 0; i < 300 && seen !== count; i++) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            seen = await busy();
        }
        assert.equal(seen, count, why);
    }

    test("cancelling two of four streams frees their sequences; the other two read as they do alone", async () => {
        const alone = [];
        for (const prompt of prompts.slice(2)) alone.push((await textOf(await generate(prompt, { num_predict: 48 }))).text);

        const controllers = [new AbortController(), new AbortController()];
        const endless = await Promise.all(
            controllers.map((controller, i) => generate(prompts[i]!, { num_predict: -1 }, controller.signal))
        );
        for (const response of endless) await response.body!.getReader().read();
        const finite = prompts.slice(2).map((prompt) => generate(prompt, { num_predict: 48 }));
        for (const controller of controllers) controller.abort();
        const texts = await Promise.all(finite.map(async (response) => (await textOf(await response)).text));
        assert.deepEqual(texts, alone);
        // The cancelled generations would otherwise hold their sequences for minutes.
        await untilBusy(0, "the cancelled streams still hold their sequences");
    });

    test("a stream that reaches num_predict leaves the batch at once; the others go on", async () => {
        const controller = new AbortController();
        const long = await generate(prompts[0]!, { num_predict: -1 }, controller.signal);
        await long.body!.getReader().read();
        const short = await textOf(await generate(prompts[1]!, { num_predict: 8 }));
        assert.equal(short.final.eval_count, 8);
        assert.equal(short.final.done_reason, "length");
        await untilBusy(1, "only the endless stream holds a sequence once the short one is done");
        controller.abort();
        await untilBusy(0, "the endless stream is cancelled");
    });

    test("a stream that meets its stop sequence leaves the batch at once; the others go on", async () => {
        const reference = (await textOf(await generate(prompts[3]!, { num_predict: 40 }))).text;
        // A piece of the reference from its middle: the stopped generation ends right before it.
        const stop = reference.slice(20, 26);
        assert.ok(stop.length > 0 && reference.indexOf(stop) >= 0);
        const controller = new AbortController();
        const long = await generate(prompts[0]!, { num_predict: -1 }, controller.signal);
        await long.body!.getReader().read();
        const stopped = await textOf(await generate(prompts[3]!, { num_predict: 40, stop: [stop] }));
        assert.equal(stopped.text, reference.slice(0, reference.indexOf(stop)));
        assert.equal(stopped.final.done_reason, "stop");
        await untilBusy(1, "only the endless stream holds a sequence once the stopped one is done");
        controller.abort();
        await untilBusy(0, "the endless stream is cancelled");
    });
});
