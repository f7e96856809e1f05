/**
 * @module makeReranker
 * A tiny reranker GGUF for the tests, written once per run into a temporary folder: Qwen3's
 * architecture (llama.cpp scores its rerankers on the last token, through a classification head
 * and a softmax over two labels), rank pooling, 2 layers of dim 64, random F32 weights from a fixed
 * seed, and the stories260K tokenizer copied from the shared test models. Its scores mean nothing;
 * they differ from document to document, which is what the tests need.
 */
import { closeSync, mkdtempSync, openSync, readSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testModels } from "./testModels.js";

const type = { u32: 4, f32: 6, bool: 7, string: 8, array: 9 } as const;
/** Bytes of each GGUF scalar type (uint8 … float64), for skipping values. */
const scalarBytes: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const alignment = 32;
const shape = { dim: 64, layers: 2, ff: 128, heads: 4, kvHeads: 2, context: 512, labels: ["yes", "no"] };

let made: string | undefined;

/** The reranker's path (made on first use). */
export function makeReranker(): string {
    if (made) return made;
    const { entries, vocab } = tokenizerEntries(testModels.plain);
    const arch = "qwen3";
    const headDim = shape.dim / shape.heads;
    const meta: Buffer[] = [
        kvString("general.architecture", arch),
        kvString("general.name", "tiny-reranker"),
        kvU32("general.alignment", alignment),
        kvU32(`${arch}.context_length`, shape.context),
        kvU32(`${arch}.embedding_length`, shape.dim),
        kvU32(`${arch}.block_count`, shape.layers),
        kvU32(`${arch}.feed_forward_length`, shape.ff),
        kvU32(`${arch}.attention.head_count`, shape.heads),
        kvU32(`${arch}.attention.head_count_kv`, shape.kvHeads),
        kvU32(`${arch}.attention.key_length`, headDim),
        kvU32(`${arch}.attention.value_length`, headDim),
        kvF32(`${arch}.rope.freq_base`, 10000),
        kvF32(`${arch}.attention.layer_norm_rms_epsilon`, 1e-6),
        kvU32(`${arch}.pooling_type`, 4), // rank
        kvStringArray(`${arch}.classifier.output_labels`, shape.labels),
        // As real rerankers: EOS closes the query and the document (llama.cpp adds it only when asked to).
        kvBool("tokenizer.ggml.add_eos_token", true),
        ...entries.filter((entry) => entry.key !== "tokenizer.ggml.add_eos_token").map((entry) => entry.bytes)
    ];
    const kvDim = headDim * shape.kvHeads;
    // [name, dimensions (row length first), standard deviation; 0 = a norm of ones]
    const tensors: [string, number[], number][] = [["token_embd.weight", [shape.dim, vocab], 0.02]];
    for (let layer = 0; layer < shape.layers; layer++) {
        const at = `blk.${layer}.`;
        tensors.push(
            [`${at}attn_norm.weight`, [shape.dim], 0],
            [`${at}attn_q.weight`, [shape.dim, shape.dim], 0.02],
            [`${at}attn_k.weight`, [shape.dim, kvDim], 0.02],
            [`${at}attn_v.weight`, [shape.dim, kvDim], 0.02],
            [`${at}attn_output.weight`, [shape.dim, shape.dim], 0.02],
            [`${at}attn_q_norm.weight`, [headDim], 0],
            [`${at}attn_k_norm.weight`, [headDim], 0],
            [`${at}ffn_norm.weight`, [shape.dim], 0],
            [`${at}ffn_gate.weight`, [shape.dim, shape.ff], 0.02],
            [`${at}ffn_up.weight`, [shape.dim, shape.ff], 0.02],
            [`${at}ffn_down.weight`, [shape.ff, shape.dim], 0.02]
        );
    }
    // A head whose two logits differ by about 0.5: scores spread out between documents, none saturates.
    tensors.push(["output_norm.weight", [shape.dim], 0], ["cls.output.weight", [shape.dim, shape.labels.length], 0.05]);

    const random = gaussian(7);
    let offset = 0;
    const infos: Buffer[] = [];
    const data: Buffer[] = [];
    for (const [name, dims, std] of tensors) {
        const count = dims.reduce((product, n) => product * n, 1);
        const values = new Float32Array(count).map(() => (std === 0 ? 1 : random() * std));
        infos.push(Buffer.concat([string(name), u32(dims.length), ...dims.map(u64), u32(0 /* F32 */), u64(offset)]));
        const bytes = Buffer.from(values.buffer);
        const padded = Buffer.alloc(alignUp(bytes.length));
        bytes.copy(padded);
        data.push(padded);
        offset += padded.length;
    }
    const head = Buffer.concat([Buffer.from("GGUF", "latin1"), u32(3), u64(tensors.length), u64(meta.length), ...meta, ...infos]);
    const file = join(mkdtempSync(join(tmpdir(), "kettle-reranker-")), "tiny-reranker.gguf");
    writeFileSync(file, Buffer.concat([head, Buffer.alloc(alignUp(head.length) - head.length), ...data]));
    made = file;
    return file;
}

/** The `tokenizer.ggml.*` entries of a GGUF, as written (key, type and value), and its vocabulary size. */
function tokenizerEntries(path: string): { entries: { key: string; bytes: Buffer }[]; vocab: number } {
    const buffer = Buffer.alloc(4 << 20);
    const fd = openSync(path, "r");
    try {
        readSync(fd, buffer, 0, buffer.length, 0);
    } finally {
        closeSync(fd);
    }
    let at = 0;
    const take = (n: number) => ((at += n), at - n);
    const readU32 = () => buffer.readUInt32LE(take(4));
    const readU64 = () => Number(buffer.readBigUInt64LE(take(8)));
    const skip = (kind: number): void => {
        if (kind === type.string) take(readU64());
        else if (kind === type.array) {
            const element = readU32();
            const count = readU64();
            for (let i = 0; i < count; i++) skip(element);
        } else take(scalarBytes[kind]!);
    };
    if (buffer.toString("latin1", 0, 4) !== "GGUF") throw new Error(`${path} is not a GGUF file`);
    take(4);
    readU32();
    readU64();
    const count = readU64();
    const entries: { key: string; bytes: Buffer }[] = [];
    let vocab = 0;
    for (let i = 0; i < count; i++) {
        const start = at;
        const key = buffer.toString("utf8", at + 8, at + 8 + buffer.readUInt32LE(at));
        take(8 + Buffer.byteLength(key));
        const kind = readU32();
        if (key === "tokenizer.ggml.tokens") vocab = Number(buffer.readBigUInt64LE(at + 4));
        skip(kind);
        if (key.startsWith("tokenizer.ggml.")) entries.push({ key, bytes: Buffer.from(buffer.subarray(start, at)) });
    }
    return { entries, vocab };
}

const u32 = (value: number) => {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32LE(value);
    return bytes;
};
const u64 = (value: number) => {
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64LE(BigInt(value));
    return bytes;
};
const string = (text: string) => {
    const bytes = Buffer.from(text, "utf8");
    return Buffer.concat([u64(bytes.length), bytes]);
};
const kvU32 = (key: string, value: number) => Buffer.concat([string(key), u32(type.u32), u32(value)]);
const kvF32 = (key: string, value: number) => {
    const bytes = Buffer.alloc(4);
    bytes.writeFloatLE(value);
    return Buffer.concat([string(key), u32(type.f32), bytes]);
};
const kvBool = (key: string, value: boolean) => Buffer.concat([string(key), u32(type.bool), Buffer.from([value ? 1 : 0])]);
const kvString = (key: string, value: string) => Buffer.concat([string(key), u32(type.string), string(value)]);
const kvStringArray = (key: string, values: string[]) =>
    Buffer.concat([string(key), u32(type.array), u32(type.string), u64(values.length), ...values.map(string)]);
const alignUp = (n: number) => Math.ceil(n / alignment) * alignment;

/** N(0, 1) from a seeded xorshift generator (Box-Muller): the same file every run. */
function gaussian(seed: number): () => number {
    let state = seed >>> 0 || 1;
    const uniform = () => {
        state ^= state << 13;
        state >>>= 0;
        state ^= state >>> 17;
        state ^= state << 5;
        state >>>= 0;
        return (state + 0.5) / 4294967296;
    };
    return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}
