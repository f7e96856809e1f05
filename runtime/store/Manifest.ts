/**
 * @module Manifest
 * The schema-2 manifest and config blob that Ollama writes for every model, with Ollama's media
 * types. Kettle writes the same bytes Ollama would, so either tool can read the other's store.
 */
import { isDigest, type Digest } from "./Digest.js";

export const mediaTypes = {
    manifest: "application/vnd.docker.distribution.manifest.v2+json",
    config: "application/vnd.docker.container.image.v1+json",
    model: "application/vnd.ollama.image.model",
    projector: "application/vnd.ollama.image.projector",
    adapter: "application/vnd.ollama.image.adapter",
    draft: "application/vnd.ollama.image.draft",
    template: "application/vnd.ollama.image.template",
    system: "application/vnd.ollama.image.system",
    params: "application/vnd.ollama.image.params",
    messages: "application/vnd.ollama.image.messages",
    license: "application/vnd.ollama.image.license"
} as const;

export type Layer = {
    mediaType: string;
    digest: Digest;
    size: number;
    /** The model this layer was inherited from (`FROM name`); used by push to mount instead of upload. */
    from?: string;
    /** Set on safetensors tensor layers, which Kettle does not create but must carry through. */
    name?: string;
};

export type Manifest = {
    schemaVersion: 2;
    mediaType: string;
    config: Layer;
    layers: Layer[];
};

/** Ollama's ConfigV2: the summary of a model that `list` shows without opening the weights. */
export type ModelConfig = {
    model_format?: string;
    model_family?: string;
    model_families?: string[];
    model_type?: string;
    file_type?: string;
    renderer?: string;
    parser?: string;
    requires?: string;
    capabilities?: string[];
    context_length?: number;
    embedding_length?: number;
    base_name?: string;
    architecture?: string;
    os?: string;
    rootfs?: { type: string; diff_ids: string[] };
};

/** Checks the shape of a parsed manifest and says what is wrong with it, so a corrupt file is named, never trusted. */
export function manifestProblem(value: unknown): string | undefined {
    if (typeof value !== "object" || value === null) return "not a JSON object";
    const manifest = value as Partial<Manifest>;
    if (manifest.schemaVersion !== 2) return `schemaVersion is ${JSON.stringify(manifest.schemaVersion)}, expected 2`;
    const configProblem = layerProblem(manifest.config);
    if (configProblem) return `config ${configProblem}`;
    if (!Array.isArray(manifest.layers)) return "layers is not an array";
    for (const [index, layer] of manifest.layers.entries()) {
        const problem = layerProblem(layer);
        if (problem) return `layers[${index}] ${problem}`;
    }
    return undefined;
}

function layerProblem(layer: unknown): string | undefined {
    if (typeof layer !== "object" || layer === null) return "is missing";
    const { mediaType, digest, size } = layer as Partial<Layer>;
    if (typeof mediaType !== "string") return "has no mediaType";
    if (typeof digest !== "string" || !isDigest(digest) || digest.startsWith("sha256-"))
        return `has an invalid digest ${JSON.stringify(digest)}`;
    if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) return `has an invalid size ${JSON.stringify(size)}`;
    return undefined;
}

/** Every blob a manifest refers to, config included. */
export function manifestDigests(manifest: Manifest): Digest[] {
    return [manifest.config.digest, ...manifest.layers.map((layer) => layer.digest)];
}

/** The total size `list` shows: config plus every layer. */
export function manifestSize(manifest: Manifest): number {
    return manifest.layers.reduce((sum, layer) => sum + layer.size, manifest.config.size);
}
