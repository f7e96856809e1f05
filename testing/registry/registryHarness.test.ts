/**
 * The test servers themselves, checked without Kettle, so a failing pull test can be blamed on
 * Kettle and not on the harness: the real registry with token auth accepts our tokens and refuses
 * the anonymous ones, the proxy's faults do what they say, the file server serves ranges.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../cli/freePort.js";
import { startFaultProxy, type FaultProxy } from "./startFaultProxy.js";
import { startFileServer, type FileServer } from "./startFileServer.js";
import { startRegistry, type Registry } from "./startRegistry.js";
import { startTokenServer, type TokenServer } from "./startTokenServer.js";

const blob = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 251));
const digest = `sha256:${createHash("sha256").update(blob).digest("hex")}`;

async function token(tokens: TokenServer, scope: string, login?: string): Promise<string> {
    const url = `${tokens.realm}?service=${tokens.service}&scope=${encodeURIComponent(scope)}`;
    const response = await fetch(url, login ? { headers: { Authorization: `Basic ${Buffer.from(login).toString("base64")}` } } : {});
    assert.equal(response.status, 200);
    return ((await response.json()) as { token: string }).token;
}

/** The status of a GET sent with this exact path: fetch would normalize `..` and `%2e%2e` away. */
function rawStatus(host: string, path: string): Promise<number> {
    const [hostname, port] = host.split(":");
    return new Promise((resolve, reject) => {
        get({ hostname, port: Number(port), path }, (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
        }).on("error", reject);
    });
}

async function until(check: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}

/** A monolithic upload: POST for a location, then PUT the bytes with the digest. */
async function upload(base: string, auth: Record<string, string> = {}): Promise<number> {
    const start = await fetch(`${base}/v2/team/blob/blobs/uploads/`, { method: "POST", headers: auth });
    if (start.status !== 202) return start.status;
    const location = new URL(start.headers.get("location")!, base);
    location.searchParams.set("digest", digest);
    const put = await fetch(location, { method: "PUT", headers: { ...auth, "Content-Type": "application/octet-stream" }, body: blob });
    return put.status;
}

describe("the registry harness", () => {
    let tokens: TokenServer;
    let secured: Registry;
    let plain: Registry;
    let proxy: FaultProxy;
    let files: FileServer;
    let dir: string;

    before(async () => {
        tokens = await startTokenServer({ users: { alice: "secret" } });
        secured = await startRegistry({ tokenAuth: tokens });
        plain = await startRegistry();
        proxy = await startFaultProxy(plain.url);
        // The served folder sits next to a file it must never serve.
        dir = mkdtempSync(join(tmpdir(), "kettle-harness-"));
        mkdirSync(join(dir, "public"));
        writeFileSync(join(dir, "public", "blob.bin"), blob);
        writeFileSync(join(dir, "secret.bin"), "secret");
        files = await startFileServer(join(dir, "public"));
    });

    after(async () => {
        await files?.stop();
        await proxy?.stop();
        await plain?.stop();
        await secured?.stop();
        await tokens?.stop();
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test("token auth: a challenge, anonymous tokens pull only, alice's push; a wrong password is refused", async () => {
        const challenge = await fetch(`${secured.url}/v2/`);
        assert.equal(challenge.status, 401);
        assert.match(
            challenge.headers.get("www-authenticate")!,
            /^Bearer realm="http:\/\/127\.0\.0\.1:\d+\/token",service="kettle-test-registry"/
        );
        const anonymous = await token(tokens, "repository:team/blob:pull,push");
        assert.deepEqual(tokens.requests.at(-1)!.granted, ["repository:team/blob:pull"]);
        assert.equal(await upload(secured.url, { Authorization: `Bearer ${anonymous}` }), 401);
        const alice = await token(tokens, "repository:team/blob:pull,push", "alice:secret");
        assert.equal(await upload(secured.url, { Authorization: `Bearer ${alice}` }), 201);
        const head = await fetch(`${secured.url}/v2/team/blob/blobs/${digest}`, {
            method: "HEAD",
            headers: { Authorization: `Bearer ${anonymous}` }
        });
        assert.equal(head.status, 200);
        const wrong = await fetch(`${tokens.realm}?service=x&scope=repository:team/blob:pull`, {
            headers: { Authorization: `Basic ${Buffer.from("alice:nope").toString("base64")}` }
        });
        assert.equal(wrong.status, 401);
    });

    test("the proxy passes ranges through and applies its faults", async () => {
        assert.equal(await upload(proxy.url), 201);
        const url = `${proxy.url}/v2/team/blob/blobs/${digest}`;
        const ranged = await fetch(url, { headers: { Range: "bytes=100-199" } });
        assert.equal(ranged.status, 206);
        assert.deepEqual(Buffer.from(await ranged.arrayBuffer()), blob.subarray(100, 200));
        await until(() => proxy.requests.some((entry) => entry.range === "bytes=100-199"), "the ranged GET in the log");
        const logged = proxy.requests.find((entry) => entry.range === "bytes=100-199")!;
        assert.deepEqual(logged, {
            method: "GET",
            path: `/v2/team/blob/blobs/${digest}`,
            range: "bytes=100-199",
            status: 206,
            bytesSent: 100
        });
        assert.ok(proxy.requests.some((entry) => entry.method === "PUT" && entry.path.includes("digest=") && entry.status === 201));

        proxy.faults.tamper = () => true;
        const tampered = Buffer.from(await (await fetch(url)).arrayBuffer());
        proxy.faults.tamper = undefined;
        assert.equal(tampered.length, blob.length);
        assert.notDeepEqual(tampered, blob);

        proxy.faults.dropAfter = () => 1000;
        await assert.rejects(async () => Buffer.from(await (await fetch(url)).arrayBuffer()));
        proxy.faults.dropAfter = undefined;
        const last = proxy.requests.at(-1)!;
        assert.equal(last.dropped, true);
        assert.equal(last.bytesSent, 1000);
    });

    test("the proxy answers 502 for an upstream that is down, and logs it", async () => {
        const down = await startFaultProxy(`http://127.0.0.1:${await freePort()}`);
        try {
            const response = await fetch(`${down.url}/v2/`);
            assert.equal(response.status, 502);
            await response.arrayBuffer();
            assert.deepEqual(down.requests, [{ method: "GET", path: "/v2/", status: 502, bytesSent: 0 }]);
        } finally {
            await down.stop();
        }
    });

    test("hold: headers arrive, the body waits for the promise; a client leaving while held is logged", async () => {
        const url = `${proxy.url}/v2/team/blob/blobs/${digest}`;
        let release!: () => void;
        proxy.faults.hold = () => new Promise<void>((resolve) => (release = resolve));
        const held = await fetch(url);
        proxy.faults.hold = undefined;
        assert.equal(held.status, 200);
        const body = held.arrayBuffer();
        const early = await Promise.race([body.then(() => "body"), new Promise((resolve) => setTimeout(resolve, 300, "nothing yet"))]);
        assert.equal(early, "nothing yet");
        release();
        assert.deepEqual(Buffer.from(await body), blob);

        proxy.requests.length = 0;
        proxy.faults.hold = () => new Promise<void>(() => {});
        const controller = new AbortController();
        const abandoned = await fetch(url, { signal: controller.signal });
        proxy.faults.hold = undefined;
        assert.equal(abandoned.status, 200);
        controller.abort();
        await until(() => proxy.requests.length > 0, "the abandoned request in the log");
        assert.equal(proxy.requests[0]!.aborted, true);
        assert.equal(proxy.requests[0]!.bytesSent, 0);
    });

    test("the file server: whole, ranged, If-Range, unsatisfiable, no escaping its folder, ranges off", async () => {
        const url = `${files.url}/blob.bin`;
        const whole = await fetch(url);
        assert.equal(whole.headers.get("accept-ranges"), "bytes");
        const etag = whole.headers.get("etag")!;
        assert.deepEqual(Buffer.from(await whole.arrayBuffer()), blob);
        const ranged = await fetch(url, { headers: { Range: "bytes=4000-", "If-Range": etag } });
        assert.equal(ranged.status, 206);
        assert.equal(ranged.headers.get("content-range"), `bytes 4000-4095/${blob.length}`);
        assert.deepEqual(Buffer.from(await ranged.arrayBuffer()), blob.subarray(4000));
        const suffix = await fetch(url, { headers: { Range: "bytes=-96" } });
        assert.equal(suffix.status, 206);
        assert.equal(suffix.headers.get("content-range"), `bytes 4000-4095/${blob.length}`);
        assert.deepEqual(Buffer.from(await suffix.arrayBuffer()), blob.subarray(4000));
        const stale = await fetch(url, { headers: { Range: "bytes=4000-", "If-Range": '"other"' } });
        assert.equal(stale.status, 200);
        await stale.arrayBuffer();
        assert.equal((await fetch(url, { headers: { Range: "bytes=9999-" } })).status, 416);
        assert.equal((await fetch(`${files.url}/missing.bin`)).status, 404);
        assert.equal(await rawStatus(files.host, "/../secret.bin"), 404);
        assert.equal(await rawStatus(files.host, "/%2e%2e/secret.bin"), 404);
        assert.equal(await rawStatus(files.host, "/%E0%A4%A"), 404);
        const head = await fetch(url, { method: "HEAD" });
        assert.equal(head.headers.get("content-length"), String(blob.length));
        assert.deepEqual(
            files.requests.filter((entry) => entry.status === 206).map((entry) => [entry.range, entry.bytesSent]),
            [
                ["bytes=4000-", 96],
                ["bytes=-96", 96]
            ]
        );

        const plain = await startFileServer(join(dir, "public"), { ranges: false });
        try {
            const ignored = await fetch(`${plain.url}/blob.bin`, { headers: { Range: "bytes=100-199" } });
            assert.equal(ignored.status, 200);
            assert.equal(ignored.headers.get("accept-ranges"), null);
            assert.equal(ignored.headers.get("content-range"), null);
            assert.deepEqual(Buffer.from(await ignored.arrayBuffer()), blob);
        } finally {
            await plain.stop();
        }
    });
});
