/**
 * Slow clients against a real `kettle serve` (timeouts set short): a socket that trickles its
 * headers, and one that trickles its body, are closed; a body sent at a normal pace is served, and
 * so is a slow answer (no bound on the response).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { startKettle, type Kettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";

/** Writes `pieces` one every `everyMs` until the server closes the socket; answers when it did (ms) and what it sent back. */
function trickle(kettle: Kettle, pieces: string[], everyMs: number): Promise<{ closedAfterMs: number; reply: string }> {
    const url = new URL(kettle.url);
    return new Promise((resolve) => {
        const socket: Socket = connect(Number(url.port), url.hostname);
        const started = Date.now();
        let reply = "";
        let i = 0;
        const timer = setInterval(() => {
            if (i < pieces.length && !socket.destroyed) socket.write(pieces[i++]!);
        }, everyMs);
        socket.setEncoding("utf8");
        socket.on("data", (text: string) => (reply += text));
        socket.on("error", () => undefined);
        socket.on("close", () => {
            clearInterval(timer);
            resolve({ closedAfterMs: Date.now() - started, reply });
        });
    });
}

describe("slow clients", () => {
    let kettle: Kettle;

    before(async () => {
        kettle = await startKettle({ config: '[server]\nheader_timeout = "1s"\nbody_timeout = "1s"\n' });
        await kettle.createModel("chat", testModels.chatml);
    });
    after(async () => {
        await kettle?.stop();
    });

    test("headers that trickle are cut at header_timeout", async () => {
        const headers = "GET /api/version HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(40);
        const { closedAfterMs, reply } = await trickle(kettle, [...headers], 200);
        assert.ok(closedAfterMs < 4000, `closed after ${closedAfterMs} ms`);
        assert.doesNotMatch(reply, /200 OK/);
    });

    test("a body that pauses longer than body_timeout is cut; the same body sent at once is served", async () => {
        const body = JSON.stringify({ model: "chat", prompt: "Once", stream: false, options: { num_predict: 2 } });
        const head = `POST /api/generate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
        const slow = await trickle(kettle, [head, body.slice(0, 5), body.slice(5, 10)], 1500);
        assert.ok(slow.closedAfterMs < 6000, `closed after ${slow.closedAfterMs} ms`);
        assert.doesNotMatch(slow.reply, /200 OK/);
        const fast = await fetch(`${kettle.url}/api/generate`, { method: "POST", body });
        assert.equal(fast.status, 200);
    });

    test("a slow answer is not cut: the limits are on what the client sends", async () => {
        const response = await fetch(`${kettle.url}/api/chat`, {
            method: "POST",
            body: JSON.stringify({
                model: "chat",
                messages: [{ role: "user", content: "A long story" }],
                stream: false,
                options: { num_predict: 1500 }
            })
        });
        assert.equal(response.status, 200);
        const answer = (await response.json()) as { eval_count: number; total_duration: number };
        assert.ok(answer.total_duration > 1.2e9, `the answer took ${answer.total_duration / 1e9} s, past the 1 s limits`);
    });
});
