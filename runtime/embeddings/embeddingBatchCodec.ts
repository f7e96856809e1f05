/**
 * @module embeddingBatchCodec
 * How a worker's embedding batch travels back to the control plane: one binary body, so vectors
 * are copied once rather than written and parsed as JSON text. Layout: a little-endian u32 with
 * the length of a JSON header (token counts, refusals, evaluations, load time), the header, zero
 * padding to a multiple of 4, then every vector's float32 values, in item order.
 */
import type { EmbedBatchResult, EmbeddedItem } from "../engine/types.js";
import { RelayedError } from "../errors/RelayedError.js";
import { errorMessage } from "../http/errorMessage.js";
import { errorStatus } from "../http/errorStatus.js";

export type DecodedBatch = EmbedBatchResult & { loadDurationNs: number };

type Header = {
    /** Per item: [dimensions, tokens] of a vector, or the refusal. */
    items: ([number, number] | { status: number; message: string })[];
    evaluations: number;
    loadDurationNs: number;
};

export function encodeEmbeddingBatch(result: EmbedBatchResult, loadDurationNs: number): Uint8Array {
    const header: Header = {
        items: result.items.map((item) =>
            "error" in item ? { status: errorStatus(item.error), message: errorMessage(item.error) } : [item.vector.length, item.tokens]
        ),
        evaluations: result.evaluations,
        loadDurationNs
    };
    const json = new TextEncoder().encode(JSON.stringify(header));
    const offset = align4(4 + json.length);
    const floats = result.items.reduce((sum, item) => sum + ("error" in item ? 0 : item.vector.length), 0);
    const bytes = new Uint8Array(offset + floats * 4);
    new DataView(bytes.buffer).setUint32(0, json.length, true);
    bytes.set(json, 4);
    const values = new Float32Array(bytes.buffer, offset, floats);
    let at = 0;
    for (const item of result.items) {
        if ("error" in item) continue;
        values.set(item.vector, at);
        at += item.vector.length;
    }
    return bytes;
}

export function decodeEmbeddingBatch(bytes: Uint8Array): DecodedBatch {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const length = view.getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as Header;
    // Copied out so each vector owns its memory (the cache keeps them; the body is let go).
    let at = bytes.byteOffset + align4(4 + length);
    const items: EmbeddedItem[] = header.items.map((entry) => {
        if (!Array.isArray(entry)) return { error: new RelayedError(entry.status, entry.message) };
        const [dimensions, tokens] = entry;
        const vector = new Float32Array(bytes.buffer.slice(at, at + dimensions * 4));
        at += dimensions * 4;
        return { vector, tokens };
    });
    return { items, evaluations: header.evaluations, loadDurationNs: header.loadDurationNs };
}

function align4(value: number): number {
    return Math.ceil(value / 4) * 4;
}
