import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { BatchDatabase } from "../batches/BatchDatabase.js";
import { ResponseStore } from "./ResponseStore.js";
import { responseShell } from "./responseShell.js";
import type { MessageItem, ResponseObject } from "./types.js";

const message = (id: string, role: MessageItem["role"], text: string): MessageItem => ({
    type: "message",
    id,
    role,
    content: role === "assistant" ? [{ type: "output_text", text, annotations: [] }] : [{ type: "input_text", text }],
    status: "completed"
});

function turn(id: string, previous: string | null, createdMs: number, input: string, output: string): [ResponseObject, MessageItem[]] {
    const response = responseShell({ model: "m", input, previous_response_id: previous }, id, createdMs);
    response.output = [message(`msg_out_${id}`, "assistant", output)];
    response.status = "completed";
    return [response, [message(`msg_in_${id}`, "user", input)]];
}

function open(): { store: ResponseStore; db: BatchDatabase } {
    const db = BatchDatabase.open(mkdtempSync(join(tmpdir(), "kettle-responses-")));
    return { store: new ResponseStore(db), db };
}

test("a chain of responses is one conversation, oldest turn first; items are found by id", () => {
    const { store, db } = open();
    store.save(...turn("resp_1", null, 1_000_000, "Hi", "Hello"));
    store.save(...turn("resp_2", "resp_1", 2_000_000, "How are you?", "Fine"));
    store.save(...turn("resp_3", "resp_2", 3_000_000, "Bye", "Bye"));
    assert.equal(store.get("resp_2")!.output[0]!.id, "msg_out_resp_2");
    assert.deepEqual(
        store.conversation("resp_3").map((item) => item.id),
        ["msg_in_resp_1", "msg_out_resp_1", "msg_in_resp_2", "msg_out_resp_2", "msg_in_resp_3", "msg_out_resp_3"]
    );
    assert.equal(store.findItem("msg_out_resp_2")?.type, "message");
    assert.equal(store.findItem("msg_nope"), undefined);

    // Deleting a turn keeps the later ones, which then start after it.
    assert.equal(store.delete("resp_2"), true);
    assert.equal(store.delete("resp_2"), false);
    assert.equal(store.get("resp_2"), undefined);
    assert.deepEqual(
        store.conversation("resp_3").map((item) => item.id),
        ["msg_in_resp_3", "msg_out_resp_3"]
    );
    db.close();
});

test("input items page newest first by default, oldest first with order asc", () => {
    const { store, db } = open();
    const [response] = turn("resp_p", null, 1_000_000, "x", "y");
    const inputs = ["a", "b", "c", "d", "e"].map((text) => message(`msg_${text}`, "user", text));
    store.save(response, inputs);
    const first = store.inputItems("resp_p", { limit: 2, order: "desc" });
    assert.deepEqual(
        first.data.map((item) => item.id),
        ["msg_e", "msg_d"]
    );
    assert.equal(first.has_more, true);
    const next = store.inputItems("resp_p", { limit: 2, order: "desc", after: "msg_d" });
    assert.deepEqual(
        next.data.map((item) => item.id),
        ["msg_c", "msg_b"]
    );
    const asc = store.inputItems("resp_p", { limit: 10, order: "asc" });
    assert.deepEqual(
        asc.data.map((item) => item.id),
        ["msg_a", "msg_b", "msg_c", "msg_d", "msg_e"]
    );
    assert.equal(asc.has_more, false);
    db.close();
});

test("retention deletes the responses created before the cutoff, with their items", () => {
    const { store, db } = open();
    const day = 86_400_000;
    const now = 100 * day;
    store.save(...turn("resp_old", null, now - 31 * day, "old", "old"));
    store.save(...turn("resp_new", null, now - day, "new", "new"));
    store.startRetention(30 * day, () => now);
    store.stopRetention();
    assert.equal(store.get("resp_old"), undefined);
    assert.equal(store.findItem("msg_in_resp_old"), undefined);
    assert.equal(store.get("resp_new")?.id, "resp_new");
    db.close();
});
