/**
 * HTTPS with a certificate the test makes with openssl: the server answers over TLS only, a client
 * that trusts the certificate gets through, and the CLI speaks HTTPS to an `https://` KETTLE_HOST,
 * trusting NODE_EXTRA_CA_CERTS (and nothing it was not told to trust).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kettleBin, startKettle, type Kettle } from "../testing/startKettle.js";

function getJson(url: string, ca: Buffer): Promise<{ status: number; body: unknown }> {
    return new Promise((resolve, reject) => {
        const sent = request(url, { ca }, (response) => {
            let text = "";
            response.setEncoding("utf8");
            response.on("data", (chunk: string) => (text += chunk));
            response.on("end", () => resolve({ status: response.statusCode!, body: JSON.parse(text) }));
        });
        sent.on("error", reject);
        sent.end();
    });
}

describe("TLS", () => {
    let kettle: Kettle;
    let cert: string;
    let port: string;

    before(async () => {
        const dir = mkdtempSync(join(tmpdir(), "kettle-tls-"));
        cert = join(dir, "cert.pem");
        const key = join(dir, "key.pem");
        execFileSync(
            "openssl",
            [
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                key,
                "-out",
                cert,
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost"
            ],
            { stdio: "ignore" }
        );
        kettle = await startKettle({ config: `[server]\ntls_cert = "${cert}"\ntls_key = "${key}"\n` });
        port = new URL(kettle.url).port;
    });
    after(async () => {
        await kettle?.stop();
    });

    test("the server speaks HTTPS with the certificate, and only HTTPS", async () => {
        assert.match(kettle.logs(), new RegExp(`listening on https://127\\.0\\.0\\.1:${port}`));
        const answer = await getJson(`https://127.0.0.1:${port}/api/version`, readFileSync(cert));
        assert.equal(answer.status, 200);
        assert.equal(typeof (answer.body as { version: string }).version, "string");
        await assert.rejects(fetch(`http://127.0.0.1:${port}/api/version`), "plain HTTP is not answered");
    });

    test("the CLI reaches an https:// KETTLE_HOST when NODE_EXTRA_CA_CERTS trusts it, and refuses otherwise", () => {
        const env = { ...kettle.env, KETTLE_HOST: `https://127.0.0.1:${port}` };
        const trusted = spawnSync(process.execPath, [kettleBin, "ps"], { env: { ...env, NODE_EXTRA_CA_CERTS: cert }, encoding: "utf8" });
        assert.equal(trusted.status, 0, trusted.stderr);
        assert.match(trusted.stdout, /NAME/);
        const untrusted = spawnSync(process.execPath, [kettleBin, "ps"], { env, encoding: "utf8" });
        assert.notEqual(untrusted.status, 0, "a certificate nobody trusts is refused");
    });

    test("a certificate without its key stops the server with a message", async () => {
        await assert.rejects(
            startKettle({ config: `[server]\ntls_cert = "${cert}"\n` }),
            /server\.tls_cert and server\.tls_key go together/
        );
    });
});
