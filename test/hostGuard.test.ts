/**
 * The DNS-rebinding guard against a real `kettle serve` on loopback: requests carry the `Host` a
 * browser would send (node:http lets a test set it; fetch does not), and a foreign name is refused
 * with 403 before any route runs.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { hostname } from "node:os";
import { startKettle, type Kettle } from "../testing/startKettle.js";

function get(kettle: Kettle, path: string, host: string): Promise<{ status: number; body: string }> {
    const url = new URL(kettle.url);
    return new Promise((resolve, reject) => {
        const sent = request({ host: url.hostname, port: url.port, path, method: "GET", headers: { host } }, (response) => {
            let body = "";
            response.setEncoding("utf8");
            response.on("data", (chunk: string) => (body += chunk));
            response.on("end", () => resolve({ status: response.statusCode!, body }));
        });
        sent.on("error", reject);
        sent.end();
    });
}

describe("host guard", () => {
    let kettle: Kettle;

    before(async () => {
        kettle = await startKettle({ config: '[server]\nallowed_hosts = ["kettle.example.com", "*.corp.example"]\n' });
    });
    after(async () => {
        await kettle?.stop();
    });

    test("local names and the allowed hosts are served; any other Host is a 403 that says why", async () => {
        const port = new URL(kettle.url).port;
        for (const host of [
            `127.0.0.1:${port}`,
            `localhost:${port}`,
            "app.localhost",
            hostname(),
            "kettle.example.com",
            `x.corp.example:${port}`
        ]) {
            const answer = await get(kettle, "/api/version", host);
            assert.equal(answer.status, 200, host);
        }
        for (const host of ["evil.example.com", `evil.example.com:${port}`, "localhost.evil.example.com", "10.1.2.3"]) {
            const answer = await get(kettle, "/api/tags", host);
            assert.equal(answer.status, 403, host);
            assert.match((JSON.parse(answer.body) as { error: string }).error, /is not allowed: this server answers local names only/);
        }
    });
});
