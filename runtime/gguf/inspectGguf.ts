/**
 * @module inspectGguf
 * Reads a GGUF file's metadata through node-llama-cpp's `readGgufFileInfo` and checks the file is
 * whole (every tensor's data lies inside it) before native code ever maps it. Returns what Kettle
 * shows about a model: family, size, quantization, context and embedding length, chat template,
 * and the flattened key/value metadata for `show`.
 */
import { stat } from "node:fs/promises";
import { InvalidModelFileError } from "../errors/InvalidModelFileError.js";
import { formatParameterCount } from "./formatParameterCount.js";
import { ggmlTensorBytes } from "./ggmlTypeSizes.js";

export type GgufTensor = { name: string; type: string; shape: number[] };

export type GgufModelInfo = {
    architecture: string;
    parameterCount: number;
    /** `7.6B`, `260K`: Ollama's `parameter_size`. */
    parameterSize: string;
    /** `Q4_K_M`, `F32`: from `general.file_type`, or the dominant tensor type when that key is missing. */
    quantizationLevel: string;
    contextLength?: number;
    embeddingLength?: number;
    /** `{arch}.pooling_type`; present only on models meant for embeddings. */
    poolingType?: number;
    chatTemplate?: string;
    license?: string;
    /** Every key/value as `general.architecture`-style dotted keys, like Ollama's `model_info`. */
    metadata: Record<string, unknown>;
    tensors: GgufTensor[];
};

export async function inspectGguf(path: string): Promise<GgufModelInfo> {
    const { readGgufFileInfo, GgmlType, GgufFileType } = await import("node-llama-cpp");
    let fileSize: number;
    try {
        fileSize = (await stat(path)).size;
    } catch (error) {
        throw new InvalidModelFileError(path, (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : String(error));
    }
    let info;
    try {
        info = await readGgufFileInfo(path, {
            readTensorInfo: true,
            sourceType: "filesystem",
            logWarnings: false,
            spliceSplitFiles: false
        });
    } catch (error) {
        throw new InvalidModelFileError(path, describeParseError(error), { cause: error });
    }

    // readGgufFileInfo reads past the end of a truncated header without complaint, so check it here.
    if (Number(info.infoEndOffset) > fileSize) {
        throw new InvalidModelFileError(
            path,
            `truncated: the header ends at byte ${info.infoEndOffset} but the file has ${fileSize} bytes`
        );
    }
    const tensors = info.tensorInfo ?? [];
    for (const tensor of tensors) {
        const start = Number(tensor.fileOffset);
        const bytes = ggmlTensorBytes(tensor.ggmlType, tensor.dimensions) ?? 1;
        if (start + bytes > fileSize) {
            throw new InvalidModelFileError(
                path,
                `truncated: tensor ${tensor.name} ends at byte ${start + bytes} but the file has ${fileSize} bytes`
            );
        }
    }

    const metadata = flattenMetadata(info.metadata as unknown as Record<string, unknown>);
    const architecture = String(metadata["general.architecture"] ?? "unknown");
    const parameterCount = tensors.reduce((sum, t) => sum + t.dimensions.reduce<number>((p, d) => p * Number(d), 1), 0);
    const number = (key: string) => (typeof metadata[key] === "number" ? (metadata[key] as number) : undefined);
    const fileType = number("general.file_type");
    const quantizationLevel =
        fileType !== undefined
            ? (fileTypeName(GgufFileType[fileType]) ?? `unknown`)
            : (dominantTensorType(tensors, (type) => GgmlType[type]) ?? "unknown");

    return {
        architecture,
        parameterCount,
        parameterSize: formatParameterCount(parameterCount),
        quantizationLevel,
        ...optional("contextLength", number(`${architecture}.context_length`)),
        ...optional("embeddingLength", number(`${architecture}.embedding_length`)),
        ...optional("poolingType", number(`${architecture}.pooling_type`)),
        ...optional(
            "chatTemplate",
            typeof metadata["tokenizer.chat_template"] === "string" ? (metadata["tokenizer.chat_template"] as string) : undefined
        ),
        ...optional("license", typeof metadata["general.license"] === "string" ? (metadata["general.license"] as string) : undefined),
        metadata: { ...metadata, "general.parameter_count": parameterCount },
        tensors: tensors.map((t) => ({ name: t.name, type: GgmlType[t.ggmlType] ?? String(t.ggmlType), shape: t.dimensions.map(Number) }))
    };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
    return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** `MOSTLY_Q4_K_M` → `Q4_K_M`, `ALL_F32` → `F32`, as Ollama names file types. */
function fileTypeName(enumName: string | undefined): string | undefined {
    return enumName?.replace(/^(MOSTLY|ALL)_/, "");
}

/** The weight type covering the most values, for files that lack `general.file_type`. */
function dominantTensorType(
    tensors: readonly { ggmlType: number; dimensions: readonly (number | bigint)[] }[],
    name: (type: number) => string | undefined
): string | undefined {
    const totals = new Map<number, number>();
    for (const tensor of tensors) {
        if (tensor.dimensions.length < 2) continue; // norms and biases stay F32 in every quantization
        const values = tensor.dimensions.reduce<number>((p, d) => p * Number(d), 1);
        totals.set(tensor.ggmlType, (totals.get(tensor.ggmlType) ?? 0) + values);
    }
    const [best] = [...totals.entries()].sort((a, b) => b[1] - a[1]);
    return best ? name(best[0]) : undefined;
}

/** node-llama-cpp nests `a.b.c` keys into objects; Ollama's `model_info` keeps them flat. */
function flattenMetadata(nested: Record<string, unknown>, prefix = "", out: Record<string, unknown> = {}): Record<string, unknown> {
    for (const [key, value] of Object.entries(nested)) {
        const path = prefix ? `${prefix}.${key}` : key;
        if (value !== null && typeof value === "object" && !Array.isArray(value) && !ArrayBuffer.isView(value)) {
            flattenMetadata(value as Record<string, unknown>, path, out);
        } else {
            out[path] = toJsonValue(value);
        }
    }
    return out;
}

function toJsonValue(value: unknown): unknown {
    if (typeof value === "bigint") return Number(value);
    if (Array.isArray(value)) return value.map(toJsonValue);
    if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number | bigint>, (v) => Number(v));
    return value;
}

function describeParseError(error: unknown): string {
    const name = (error as Error)?.name ?? "";
    const message = (error as Error)?.message ?? String(error);
    if (name === "InvalidGgufMagicError" || /magic/i.test(message)) return "wrong magic number (not a GGUF file)";
    if (error instanceof RangeError || /out of range|offset|end of|EOF/i.test(message)) return `truncated or corrupt header (${message})`;
    return message;
}
