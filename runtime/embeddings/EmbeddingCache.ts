/**
 * @module EmbeddingCache
 * Embeddings already computed, so a repeated input does not touch the model: an LRU bounded in
 * bytes, whose entries also expire after a TTL. Keyed by what decides the vector: the model's
 * digest, its context length and `truncate` (which decide where a long input is cut) and a hash
 * of the text. Entries hold the raw, full-length vector; `dimensions` and normalisation are applied
 * per request, so one entry serves every API and every `dimensions`.
 */
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";

export type CachedEmbedding = { vector: Float32Array; tokens: number };

export type EmbeddingCacheStats = {
    hits: number;
    misses: number;
    entries: number;
    bytes: number;
    max_bytes: number;
    /** Entries dropped to make room. */
    evictions: number;
    /** Entries found past their TTL. */
    expirations: number;
    /** Null: entries never expire. */
    ttl_ms: number | null;
};

export type EmbeddingCacheOptions = {
    /** 0 turns the cache off. */
    maxBytes: number;
    /** Infinity: no expiry. */
    ttlMs: number;
    /** The clock TTLs are measured on, in ms (a test seam; performance.now by default). */
    now?: () => number;
};

/** What an entry costs beyond its vector: its key and the cache's bookkeeping. */
const entryOverhead = 96;

export class EmbeddingCache {
    readonly #cache: LRUCache<string, CachedEmbedding> | undefined;
    readonly #options: EmbeddingCacheOptions;
    #hits = 0;
    #misses = 0;
    #evictions = 0;
    #expirations = 0;

    constructor(options: EmbeddingCacheOptions) {
        this.#options = options;
        if (options.maxBytes <= 0) return;
        this.#cache = new LRUCache<string, CachedEmbedding>({
            maxSize: options.maxBytes,
            sizeCalculation: (value, key) => value.vector.byteLength + key.length + entryOverhead,
            // ttlResolution 0: staleness is read off the clock at each get, not a value cached for a tick.
            ...(Number.isFinite(options.ttlMs) && options.ttlMs > 0 ? { ttl: options.ttlMs, ttlResolution: 0 } : {}),
            ...(options.now ? { perf: { now: options.now } } : {}),
            dispose: (_value, _key, reason) => {
                if (reason === "evict") this.#evictions++;
                else if (reason === "expire") this.#expirations++;
            }
        });
    }

    /** The key of one input's embedding. */
    static key(parts: { digest: string; contextSize: number; truncate: boolean; text: string }): string {
        const hash = createHash("sha256").update(parts.text).digest("base64url");
        return `${parts.digest}:${parts.contextSize}:${parts.truncate ? "t" : "f"}:${hash}`;
    }

    get(key: string): CachedEmbedding | undefined {
        const found = this.#cache?.get(key);
        if (found) this.#hits++;
        else this.#misses++;
        return found;
    }

    set(key: string, value: CachedEmbedding): void {
        this.#cache?.set(key, value);
    }

    /** Forgets every entry (the counters stay). */
    clear(): void {
        this.#cache?.clear();
    }

    stats(): EmbeddingCacheStats {
        return {
            hits: this.#hits,
            misses: this.#misses,
            entries: this.#cache?.size ?? 0,
            bytes: this.#cache?.calculatedSize ?? 0,
            max_bytes: this.#options.maxBytes,
            evictions: this.#evictions,
            expirations: this.#expirations,
            ttl_ms: Number.isFinite(this.#options.ttlMs) && this.#options.ttlMs > 0 ? this.#options.ttlMs : null
        };
    }
}
