import { test } from "node:test";
import assert from "node:assert/strict";
import { BadRequestError } from "../errors/BadRequestError.js";
import { RelayedError } from "../errors/RelayedError.js";
import { errorStatus } from "../http/errorStatus.js";
import { decodeEmbeddingBatch, encodeEmbeddingBatch } from "./embeddingBatchCodec.js";

test("a batch survives the trip: vectors bit for bit, token counts, refusals, evaluations, load time", () => {
    const vectors = [Float32Array.of(0.5, -1.25, 3e-8), Float32Array.of(1, 2, 3, 4, 5)];
    const encoded = encodeEmbeddingBatch(
        {
            items: [
                { vector: vectors[0]!, tokens: 4 },
                { error: new BadRequestError("the input length exceeds the context length") },
                { vector: vectors[1]!, tokens: 9 }
            ],
            evaluations: 2
        },
        12345
    );
    // Decoding from an offset buffer, as a message's bytes may be.
    const shifted = new Uint8Array(encoded.length + 3);
    shifted.set(encoded, 3);
    const decoded = decodeEmbeddingBatch(shifted.subarray(3));
    assert.equal(decoded.evaluations, 2);
    assert.equal(decoded.loadDurationNs, 12345);
    const refused = decoded.items[1]!;
    assert.ok("error" in refused && refused.error instanceof RelayedError);
    assert.equal(errorStatus(refused.error), 400);
    assert.equal(refused.error.message, "the input length exceeds the context length");
    const first = decoded.items[0]!;
    const third = decoded.items[2]!;
    assert.ok("vector" in first && "vector" in third);
    assert.deepEqual([...first.vector], [...vectors[0]!]);
    assert.equal(first.tokens, 4);
    assert.deepEqual([...third.vector], [...vectors[1]!]);
    assert.equal(third.tokens, 9);
});

test("an empty batch", () => {
    assert.deepEqual(decodeEmbeddingBatch(encodeEmbeddingBatch({ items: [], evaluations: 0 }, 7)), {
        items: [],
        evaluations: 0,
        loadDurationNs: 7
    });
});
