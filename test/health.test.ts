/**
 * `/healthz` and `/readyz` against a real `kettle serve`: ready at once without preloaded models;
 * with one, not ready until it is warm, then ready and the model kept loaded; a killed lane makes
 * the server unhealthy until it is back, and the preloaded model is loaded again.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { lanePids } from "../testing/lanePids.js";
import { startKettle } from "../testing/startKettle.js";
import { testModels } from "../testing/testModels.js";

type Ready = { status: string; draining: boolean; models: { name: string; warm: boolean }[]; lanes: { name: string; up: boolean }[] };

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 30_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
        const value = await probe();
        if (done(value) || Date.now() > deadline) return value;
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

describe("health and readiness", () => {
    test("without preloaded models the server is healthy and ready at once", async () => {
        const kettle = await startKettle();
        try {
            const health = await fetch(`${kettle.url}/healthz`);
            assert.equal(health.status, 200);
            const body = (await health.json()) as { status: string; lanes: { up: boolean }[] };
            assert.equal(body.status, "ok");
            assert.ok(body.lanes.length > 0 && body.lanes.every((lane) => lane.up));
            const ready = await fetch(`${kettle.url}/readyz`);
            assert.equal(ready.status, 200);
            assert.deepEqual(((await ready.json()) as Ready).models, []);
        } finally {
            await kettle.stop();
        }
    });

    test("a preloaded model is loaded at start-up and kept; a killed lane is unhealthy until back, and the model is loaded again", async () => {
        const first = await startKettle();
        await first.createModel("chat", testModels.chatml);
        await first.stop();
        const kettle = await startKettle({
            dir: first.dir,
            config: '[models."chat"]\npreload = true\n[models."missing"]\npreload = false\n'
        });
        try {
            const readyz = async () => {
                const response = await fetch(`${kettle.url}/readyz`);
                return { status: response.status, body: (await response.json()) as Ready };
            };
            const ready = await until(readyz, (answer) => answer.status === 200);
            assert.equal(ready.status, 200, JSON.stringify(ready.body));
            assert.deepEqual(ready.body.models, [{ name: "chat", warm: true }]);
            const ps = (await (await fetch(`${kettle.url}/api/ps`)).json()) as { models: { name: string; expires_at: string }[] };
            const chat = ps.models.find((model) => model.name === "chat:latest");
            assert.ok(chat && new Date(chat.expires_at).getFullYear() > 2100, "kept loaded (keep_alive -1)");

            process.kill(lanePids(kettle.process.pid!)[0]!, "SIGKILL");
            const down = await until(
                async () => (await fetch(`${kettle.url}/healthz`)).status,
                (status) => status === 503,
                5_000
            );
            assert.equal(down, 503, "unhealthy while the lane restarts");
            const back = await until(readyz, (answer) => answer.status === 200);
            assert.equal(back.status, 200, JSON.stringify(back.body));
            assert.equal((await fetch(`${kettle.url}/healthz`)).status, 200);
        } finally {
            await kettle.stop();
        }
    });

    test("a preloaded model that cannot load leaves the server not ready, and says which", async () => {
        const kettle = await startKettle({ config: '[models."ghost"]\npreload = true\n' });
        try {
            const response = await fetch(`${kettle.url}/readyz`);
            assert.equal(response.status, 503);
            const body = (await response.json()) as Ready;
            assert.equal(body.status, "not ready");
            assert.deepEqual(body.models, [{ name: "ghost", warm: false }]);
            assert.equal(body.draining, false);
            const logged = await until(
                async () => kettle.logs(),
                (logs) => logs.includes("could not preload ghost")
            );
            assert.match(logged, /could not preload ghost: model 'ghost:latest' not found/);
        } finally {
            await kettle.stop();
        }
    });
});
