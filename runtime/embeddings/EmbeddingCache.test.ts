import { test } from "node:test";
import assert from "node:assert/strict";
import { EmbeddingCache } from "./EmbeddingCache.js";

const entry = (value: number) => ({ vector: new Float32Array(64).fill(value), tokens: 3 });
const key = (text: string, truncate = true) => EmbeddingCache.key({ digest: "d".repeat(64), contextSize: 2048, truncate, text });

test("keys differ by text, truncate, context length and model; equal inputs give equal keys", () => {
    assert.equal(key("a"), key("a"));
    assert.notEqual(key("a"), key("b"));
    assert.notEqual(key("a"), key("a", false));
    assert.notEqual(key("a"), EmbeddingCache.key({ digest: "d".repeat(64), contextSize: 512, truncate: true, text: "a" }));
    assert.notEqual(key("a"), EmbeddingCache.key({ digest: "e".repeat(64), contextSize: 2048, truncate: true, text: "a" }));
});

test("hits and misses are counted; a hit returns the stored vector", () => {
    const cache = new EmbeddingCache({ maxBytes: 1 << 20, ttlMs: Infinity });
    assert.equal(cache.get(key("a")), undefined);
    cache.set(key("a"), entry(1));
    assert.equal(cache.get(key("a"))?.vector[0], 1);
    assert.deepEqual(
        { hits: cache.stats().hits, misses: cache.stats().misses, entries: cache.stats().entries },
        { hits: 1, misses: 1, entries: 1 }
    );
});

test("bounded in bytes: the least recently used entries are evicted", () => {
    const one = 64 * 4 + key("a").length + 96;
    const cache = new EmbeddingCache({ maxBytes: one * 3, ttlMs: Infinity });
    for (const text of ["a", "b", "c"]) cache.set(key(text), entry(1));
    cache.get(key("a")); // a is now the most recently used
    cache.set(key("d"), entry(2));
    const stats = cache.stats();
    assert.equal(stats.entries, 3);
    assert.equal(stats.evictions, 1);
    assert.ok(stats.bytes <= stats.max_bytes, `${stats.bytes} <= ${stats.max_bytes}`);
    assert.equal(cache.get(key("b")), undefined, "b was the least recently used");
    assert.ok(cache.get(key("a")) && cache.get(key("c")) && cache.get(key("d")));
});

test("entries expire after the TTL (an injected clock)", () => {
    let now = 1_000;
    const cache = new EmbeddingCache({ maxBytes: 1 << 20, ttlMs: 500, now: () => now });
    cache.set(key("a"), entry(1));
    now += 499;
    assert.ok(cache.get(key("a")), "still fresh");
    now += 2;
    assert.equal(cache.get(key("a")), undefined, "expired");
    assert.equal(cache.stats().ttl_ms, 500);
    assert.equal(cache.stats().expirations, 1);
});

test("max bytes 0 turns the cache off", () => {
    const cache = new EmbeddingCache({ maxBytes: 0, ttlMs: Infinity });
    cache.set(key("a"), entry(1));
    assert.equal(cache.get(key("a")), undefined);
    assert.equal(cache.stats().entries, 0);
});
