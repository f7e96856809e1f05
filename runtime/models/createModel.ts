/**
 * @module createModel
 * `POST /api/create` and `kettle create`: builds a model from uploaded GGUF blobs (`files`) or an
 * existing model (`from`), plus template, system, parameters, messages and licenses, and reports
 * progress with Ollama's status lines. Blobs are written before the manifest, and the manifest is
 * written atomically, so a failure at any step leaves the store as it was.
 */
import { posix } from "node:path";
import { inspectGguf, type GgufModelInfo } from "../gguf/inspectGguf.js";
import { validateParameters } from "../modelfile/modelParameters.js";
import { mediaTypes, manifestDigests, type Layer, type Manifest, type ModelConfig } from "../store/Manifest.js";
import type { ModelStore } from "../store/ModelStore.js";
import { displayShortest, requireModelName } from "../store/ModelName.js";
import { parseDigest, type Digest } from "../store/Digest.js";
import { BadRequestError } from "../errors/BadRequestError.js";
import { BlobNotFoundError } from "../errors/BlobNotFoundError.js";
import { ModelNotFoundError } from "../errors/ModelNotFoundError.js";
import { RegistryError } from "../errors/RegistryError.js";
import { RemoteModelNotFoundError } from "../errors/RemoteModelNotFoundError.js";
import { readModel } from "./readModel.js";
import type { ChatMessage, CreateRequest, ProgressResponse } from "../ollama/types.js";

export type CreateOptions = {
    /** Keep blobs the replaced manifest no longer needs (OLLAMA_NOPRUNE). Defaults to false. */
    noprune?: boolean;
    /** Fetches a `from` that is not in the store: a GGUF URL, or a model to pull first, as Ollama does. */
    fetch?: ModelFetcher;
    signal?: AbortSignal;
};

/** What ModelTransfers offers create (an interface here, so models/ does not depend on registry/). */
export interface ModelFetcher {
    pull(request: { model: string }, signal?: AbortSignal): AsyncIterable<ProgressResponse>;
    download(url: string, signal?: AbortSignal): AsyncGenerator<ProgressResponse, { digest: Digest }>;
}

const messageRoles = new Set(["system", "user", "assistant", "tool"]);

export async function* createModel(
    store: ModelStore,
    request: CreateRequest,
    options: CreateOptions = {}
): AsyncGenerator<ProgressResponse> {
    if (!request.model) throw new BadRequestError("model is required");
    const name = requireModelName(request.model);
    if (request.quantize)
        throw new BadRequestError(
            `quantization is not supported yet: create the model from a GGUF already quantized to ${request.quantize}`
        );
    let files = request.files;
    let from = request.from;
    if (from !== undefined && /^https?:\/\//i.test(from.trim())) {
        // `FROM https://host/model.gguf`: the file becomes the weights, as if uploaded.
        if (!options.fetch) throw new BadRequestError(`cannot download ${from} here: create it through a running Kettle server`);
        const blob = yield* options.fetch.download(from, options.signal);
        files = { ...files, "model.gguf": blob.digest };
        from = undefined;
    }
    const hasFiles = files !== undefined && Object.keys(files).length > 0;
    if (!from && !hasFiles) throw new BadRequestError("neither 'from' or 'files' was specified");
    const parameterValues = request.parameters === undefined ? undefined : validateParameters(request.parameters).values;
    const messages = request.messages === undefined ? undefined : checkMessages(request.messages);

    let layers: Layer[] = [];
    let config: ModelConfig = {};
    let baseParameters: Record<string, unknown> = {};

    if (hasFiles) {
        const weights = checkFiles(files!);
        if (!(await store.hasBlob(weights.digest))) throw new BlobNotFoundError(weights.digest);
        yield { status: "parsing GGUF" };
        const info = await inspectGguf(store.blobPath(weights.digest));
        const size = (await store.blobSize(weights.digest))!;
        layers.push({ mediaType: mediaTypes.model, digest: weights.digest, size });
        yield { status: `using existing layer ${weights.digest}` };
        config = configFromGguf(info);
    } else {
        const fromName = requireModelName(from!);
        if (options.fetch && !(await store.find(fromName)))
            yield* pullBase(options.fetch, from!, displayShortest(fromName), options.signal);
        const base = await readModel(store, fromName);
        const baseName = displayShortest(base.stored.name);
        layers = base.stored.manifest.layers.map((layer) => ({ ...layer, from: layer.from ?? baseName }));
        for (const layer of layers) yield { status: `using existing layer ${layer.digest}` };
        config = { ...base.config };
        baseParameters = base.parameters;
    }

    const adapters = Object.entries(request.adapters ?? {});
    if (adapters.length > 1) throw new BadRequestError("only one adapter is currently supported");
    for (const [file, digest] of adapters) {
        const adapter = checkBlobReference(file, digest);
        if (!(await store.hasBlob(adapter))) throw new BlobNotFoundError(adapter);
        await inspectGguf(store.blobPath(adapter));
        layers = layers.filter((layer) => layer.mediaType !== mediaTypes.adapter);
        layers.push({ mediaType: mediaTypes.adapter, digest: adapter, size: (await store.blobSize(adapter))! });
        yield { status: `using existing layer ${adapter}` };
    }

    // Alone among the store's manifest changes: a concurrent create, delete or pull would otherwise
    // prune the text blobs written (or reused) here before this manifest names them. Nothing in it
    // waits on the client: its status lines are sent once it is done.
    const statuses = await store.exclusive(async () => {
        const done: ProgressResponse[] = [];
        const addText = async (mediaType: string, text: string) => {
            const blob = await store.writeBlobBytes(text);
            layers.push({ mediaType, digest: blob.digest, size: blob.size });
            done.push({ status: `${blob.created ? "creating new" : "using existing"} layer ${blob.digest}` });
        };
        const textLayers: [string, string | undefined][] = [
            [mediaTypes.template, request.template],
            [mediaTypes.system, request.system]
        ];
        for (const [mediaType, text] of textLayers) {
            if (text === undefined) continue;
            layers = layers.filter((layer) => layer.mediaType !== mediaType);
            await addText(mediaType, text);
        }
        if (request.license !== undefined) {
            layers = layers.filter((layer) => layer.mediaType !== mediaTypes.license);
            for (const license of Array.isArray(request.license) ? request.license : [request.license])
                await addText(mediaTypes.license, license);
        }
        if (messages !== undefined) {
            layers = layers.filter((layer) => layer.mediaType !== mediaTypes.messages);
            await addText(mediaTypes.messages, JSON.stringify(messages));
        }
        if (parameterValues !== undefined && Object.keys(parameterValues).length > 0) {
            layers = layers.filter((layer) => layer.mediaType !== mediaTypes.params);
            await addText(mediaTypes.params, JSON.stringify({ ...baseParameters, ...parameterValues }));
        }
        if (request.requires !== undefined) config.requires = request.requires;

        config.rootfs = { type: "layers", diff_ids: layers.map((layer) => layer.digest) };
        const configBlob = await store.writeBlobBytes(JSON.stringify(config));
        const manifest: Manifest = {
            schemaVersion: 2,
            mediaType: mediaTypes.manifest,
            config: { mediaType: mediaTypes.config, digest: configBlob.digest, size: configBlob.size },
            layers
        };

        done.push({ status: "writing manifest" });
        const previous = await store.find(name);
        await store.writeManifest(name, manifest);
        if (previous && !options.noprune) {
            const unused = new Set(manifestDigests(previous.manifest));
            for (const digest of manifestDigests(manifest)) unused.delete(digest);
            if (unused.size > 0) {
                done.push({ status: "removing any unused layers" });
                await store.removeUnreferencedBlobs(unused);
            }
        }
        return done;
    });
    yield* statuses;
    yield { status: "success" };
}

/** Pulls a `from` that is not in the store; says which model when that fails, since the user only asked to create one. */
async function* pullBase(fetch: ModelFetcher, from: string, shown: string, signal?: AbortSignal): AsyncGenerator<ProgressResponse> {
    try {
        yield* fetch.pull({ model: from }, signal);
    } catch (error) {
        if (error instanceof RemoteModelNotFoundError) throw new ModelNotFoundError(shown);
        if (error instanceof RegistryError)
            throw new RegistryError(`model '${shown}' is not in the store and cannot be pulled: ${error.message}`);
        throw error;
    }
}

function configFromGguf(info: GgufModelInfo): ModelConfig {
    return {
        model_format: "gguf",
        model_family: info.architecture,
        model_families: [info.architecture],
        model_type: info.parameterSize,
        file_type: info.quantizationLevel,
        architecture: "amd64",
        os: "linux"
    };
}

/** Picks the one GGUF among the uploaded files; Kettle imports GGUF only. */
function checkFiles(files: Record<string, string>): { file: string; digest: Digest } {
    const entries = Object.entries(files).map(([file, digest]) => ({ file, digest: checkBlobReference(file, digest) }));
    const ggufs = entries.filter((entry) => entry.file.toLowerCase().endsWith(".gguf"));
    if (ggufs.length === 0) {
        throw new BadRequestError(
            `no GGUF file among ${entries.map((e) => JSON.stringify(e.file)).join(", ")}: Kettle imports GGUF models only (convert safetensors with llama.cpp's convert_hf_to_gguf.py first)`
        );
    }
    if (ggufs.length > 1) throw new BadRequestError(`only one GGUF file is supported, got ${ggufs.length}`);
    return ggufs[0]!;
}

function checkBlobReference(file: string, digest: string): Digest {
    const normalized = posix.normalize(file.replaceAll("\\", "/"));
    if (file === "" || posix.isAbsolute(normalized) || /^[A-Za-z]:/.test(file))
        throw new BadRequestError(`file path must be relative: ${JSON.stringify(file)}`);
    if (normalized === ".." || normalized.startsWith("../"))
        throw new BadRequestError(`file path must not leave its directory: ${JSON.stringify(file)}`);
    if (typeof digest !== "string") throw new BadRequestError(`invalid digest format for ${JSON.stringify(file)}`);
    return parseDigest(digest);
}

function checkMessages(messages: unknown): ChatMessage[] {
    if (!Array.isArray(messages)) throw new BadRequestError("messages must be an array of {role, content}");
    return messages.map((message, index) => {
        const { role, content } = (message ?? {}) as Partial<ChatMessage>;
        if (typeof role !== "string" || !messageRoles.has(role.toLowerCase())) {
            throw new BadRequestError(
                `messages[${index}].role must be one of "system", "user", "assistant" or "tool" but got ${JSON.stringify(role)}`
            );
        }
        if (typeof content !== "string") throw new BadRequestError(`messages[${index}].content must be a string`);
        return { role: role.toLowerCase(), content };
    });
}
