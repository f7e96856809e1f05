import { test } from "node:test";
import assert from "node:assert/strict";
import type { ProgressResponse, PullRequest, ShowRequest, ShowResponse } from "../../runtime/ollama/types.js";
import type { KettleClient } from "../client/KettleClient.js";
import { ServerError } from "../client/ServerError.js";
import { showOrPull, type RunTransfer } from "./showOrPull.js";

const details = { capabilities: ["completion"] } as unknown as ShowResponse;

/** A client whose `show` answers from a script of results, recording every call. */
function fakeClient(showResults: (ShowResponse | Error)[]) {
    const calls: string[] = [];
    const client = {
        async show(request: ShowRequest): Promise<ShowResponse> {
            calls.push(`show ${request.model}`);
            const next = showResults.shift();
            if (!next) throw new Error("show called too often");
            if (next instanceof Error) throw next;
            return next;
        },
        async *pull(request: PullRequest, signal?: AbortSignal): AsyncIterable<ProgressResponse> {
            calls.push(`pull ${request.model} insecure=${request.insecure} signal=${signal instanceof AbortSignal}`);
            yield { status: "pulling manifest" };
            yield { status: "success" };
        }
    } as unknown as KettleClient;
    return { client, calls };
}

/** Stands in for the progress display: drains the stream and remembers its statuses. */
function quietTransfer(statuses: string[]): RunTransfer {
    return async (start) => {
        for await (const line of start(new AbortController().signal)) statuses.push(line.status);
    };
}

test("a model the store has is shown, not pulled", async () => {
    const { client, calls } = fakeClient([details]);
    const statuses: string[] = [];
    assert.equal(await showOrPull(client, "tiny", false, quietTransfer(statuses)), details);
    assert.deepEqual(calls, ["show tiny"]);
    assert.deepEqual(statuses, []);
});

test("a missing model (404) is pulled, with --insecure passed on, then shown", async () => {
    const { client, calls } = fakeClient([new ServerError(404, "model 'tiny' not found"), details]);
    const statuses: string[] = [];
    assert.equal(await showOrPull(client, "localhost:5000/team/tiny", true, quietTransfer(statuses)), details);
    assert.deepEqual(calls, [
        "show localhost:5000/team/tiny",
        "pull localhost:5000/team/tiny insecure=true signal=true",
        "show localhost:5000/team/tiny"
    ]);
    assert.deepEqual(statuses, ["pulling manifest", "success"]);
});

test("any other failure of show is reported and nothing is pulled", async () => {
    for (const failure of [
        new ServerError(400, "invalid model name"),
        new ServerError(500, "store unreadable"),
        new TypeError("fetch failed")
    ]) {
        const { client, calls } = fakeClient([failure]);
        await assert.rejects(showOrPull(client, "tiny", false, quietTransfer([])), failure);
        assert.deepEqual(calls, ["show tiny"]);
    }
});

test("a pull that fails is the error run reports", async () => {
    const { client } = fakeClient([new ServerError(404, "model 'nope' not found")]);
    const failing: RunTransfer = async () => {
        throw new ServerError(502, "pull model manifest: file does not exist");
    };
    await assert.rejects(showOrPull(client, "nope", false, failing), { name: "ServerError", status: 502 });
});
