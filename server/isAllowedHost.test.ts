import assert from "node:assert/strict";
import { test } from "node:test";
import { isLoopbackHost } from "../runtime/http/isLoopbackHost.js";
import { isAllowedHost } from "./isAllowedHost.js";

test("a server on loopback answers local names only, and the configured ones", () => {
    const allowed = ["kettle.example.com", "*.corp.example"];
    const cases: [string | undefined, boolean][] = [
        [undefined, true],
        ["", true],
        ["localhost", true],
        ["LOCALHOST:11434", true],
        ["app.localhost:8080", true],
        ["127.0.0.1:11434", true],
        ["127.4.5.6", true],
        ["[::1]:11434", true],
        ["::1", true],
        ["devbox", true],
        ["DevBox:11434", true],
        ["kettle.example.com:443", true],
        ["a.corp.example", true],
        ["evil.example.com", false],
        ["evil.example.com:11434", false],
        ["localhost.evil.example.com", false],
        ["corp.example", false],
        ["10.0.0.5:11434", false],
        ["[2001:db8::1]:11434", false],
        ["0.0.0.0", false]
    ];
    for (const [host, expected] of cases) assert.equal(isAllowedHost(host, allowed, "devbox"), expected, String(host));
});

test("which listen addresses are loopback", () => {
    for (const address of ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]", "::ffff:127.0.0.1"])
        assert.ok(isLoopbackHost(address), address);
    for (const address of ["0.0.0.0", "::", "192.168.1.4", "example.com"]) assert.ok(!isLoopbackHost(address), address);
});
