import assert from "node:assert/strict";
import { test } from "node:test";
import { HostAddressError } from "./HostAddressError.js";
import { parseHostAddress, type HostAddress } from "./parseHostAddress.js";

const cases: Array<[string, Omit<HostAddress, "url">, string]> = [
    ["", { scheme: "http", host: "127.0.0.1", port: 11434, path: "" }, "http://127.0.0.1:11434"],
    ["0.0.0.0", { scheme: "http", host: "0.0.0.0", port: 11434, path: "" }, "http://0.0.0.0:11434"],
    [":8080", { scheme: "http", host: "127.0.0.1", port: 8080, path: "" }, "http://127.0.0.1:8080"],
    ["1.2.3.4:1234", { scheme: "http", host: "1.2.3.4", port: 1234, path: "" }, "http://1.2.3.4:1234"],
    ["example.com", { scheme: "http", host: "example.com", port: 11434, path: "" }, "http://example.com:11434"],
    ["http://x", { scheme: "http", host: "x", port: 80, path: "" }, "http://x:80"],
    ["https://x", { scheme: "https", host: "x", port: 443, path: "" }, "https://x:443"],
    ["https://x:8443/ollama", { scheme: "https", host: "x", port: 8443, path: "/ollama" }, "https://x:8443/ollama"],
    ["localhost:11435/api", { scheme: "http", host: "localhost", port: 11435, path: "/api" }, "http://localhost:11435/api"],
    ["[::1]:11434", { scheme: "http", host: "::1", port: 11434, path: "" }, "http://[::1]:11434"],
    ["[::1]", { scheme: "http", host: "::1", port: 11434, path: "" }, "http://[::1]:11434"],
    ["::1", { scheme: "http", host: "::1", port: 11434, path: "" }, "http://[::1]:11434"],
    ["http://[fe80::1]", { scheme: "http", host: "fe80::1", port: 80, path: "" }, "http://[fe80::1]:80"],
    ["  0.0.0.0:9000  ", { scheme: "http", host: "0.0.0.0", port: 9000, path: "" }, "http://0.0.0.0:9000"],
    ["example.com:", { scheme: "http", host: "example.com", port: 11434, path: "" }, "http://example.com:11434"]
];

for (const [input, expected, url] of cases) {
    test(`parseHostAddress(${JSON.stringify(input)})`, () => {
        assert.deepEqual(parseHostAddress(input), { ...expected, url });
    });
}

for (const input of ["0.0.0.0:80000", "host:abc", "host:0", "[::1]x:80"]) {
    test(`parseHostAddress(${JSON.stringify(input)}) throws HostAddressError`, () => {
        assert.throws(
            () => parseHostAddress(input),
            (error: unknown) => {
                assert.ok(error instanceof HostAddressError);
                assert.equal(
                    error.message,
                    `invalid host address ${JSON.stringify(input)}: expected an address like ` +
                        "[scheme://]host[:port][/path] with a port between 1 and 65535"
                );
                return true;
            }
        );
    });
}
