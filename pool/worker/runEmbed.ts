/**
 * @module runEmbed
 * An `embed` task: a batch of inputs the control plane gathered (from one request or several),
 * embedded on the warm model in as few evaluations as fit, and sent back in the binary form of
 * encodeEmbeddingBatch (vectors copied once, not written and parsed as JSON).
 */
import type { MessagePort } from "node:worker_threads";
import { encodeEmbeddingBatch } from "../../runtime/embeddings/embeddingBatchCodec.js";
import type { EmbedTask, PortMessage, TaskMessage } from "../protocol/messages.js";
import { taskFailure } from "../protocol/taskFailure.js";
import { warmModelFor } from "./warmModels.js";

export async function runEmbed(task: EmbedTask & { port: MessagePort }): Promise<void> {
    const { port } = task;
    const controller = new AbortController();
    port.on("message", (message: PortMessage) => {
        if (message.type === "abort") controller.abort();
        else if (message.type === "ping") port.postMessage({ type: "pong" } satisfies PortMessage);
    });
    try {
        const { engine, loadDurationNs } = await warmModelFor(task.model, port);
        const result = task.items.length > 0 ? await engine.embed(task.items, controller.signal) : { items: [], evaluations: 0 };
        const batch = encodeEmbeddingBatch(result, loadDurationNs);
        port.postMessage({ type: "embedded", batch } satisfies TaskMessage, [batch.buffer as ArrayBuffer]);
    } catch (error) {
        port.postMessage({ type: "failed", failure: taskFailure(error) } satisfies TaskMessage);
    } finally {
        port.close();
    }
}
