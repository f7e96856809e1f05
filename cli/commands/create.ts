/**
 * @module create
 * `kettle create MODEL -f Modelfile`: parses the Modelfile, uploads its local files as blobs
 * (skipping those the store already has), then sends the create request and prints its progress
 * to stderr, as Ollama's CLI does.
 */
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { dirname, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { parseModelfile } from "../../runtime/modelfile/parseModelfile.js";
import { ModelfileError } from "../../runtime/modelfile/ModelfileError.js";
import type { KettleClient } from "../client/KettleClient.js";
import { modelfileToCreateRequest } from "../modelfileToCreateRequest.js";
import { renderProgress } from "../progress/renderProgress.js";
import { UsageError } from "../UsageError.js";

export async function create(client: KettleClient, model: string, options: { file: string; quantize?: string }): Promise<void> {
    const path = resolve(options.file);
    let text: string;
    try {
        text = await readFile(path, "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new UsageError(
            code === "ENOENT" ? `no Modelfile at ${path} (pass one with -f)` : `cannot read ${path}: ${(error as Error).message}`
        );
    }
    let modelfile;
    try {
        modelfile = parseModelfile(text);
    } catch (error) {
        throw error instanceof ModelfileError ? new UsageError(`${path}: ${error.message}`) : error;
    }
    for (const warning of modelfile.warnings) process.stderr.write(`warning: ${path}: ${warning}\n`);

    process.stderr.write("gathering model components\n");
    let request;
    try {
        request = await modelfileToCreateRequest(model, modelfile, dirname(path), (file) => uploadFile(client, file));
    } catch (error) {
        throw error instanceof ModelfileError ? new UsageError(`${path}: ${error.message}`) : error;
    }
    if (options.quantize) request.quantize = options.quantize;
    // A FROM that is not local is pulled first: its download progress draws like `kettle pull`'s.
    await renderProgress(client.create(request));
}

async function uploadFile(client: KettleClient, file: string): Promise<string> {
    const hash = createHash("sha256");
    await pipeline(createReadStream(file), hash);
    const digest = `sha256:${hash.digest("hex")}`;
    if (!(await client.hasBlob(digest))) {
        process.stderr.write(`copying file ${digest}\n`);
        await client.createBlob(digest, file);
    }
    return digest;
}
