/**
 * @module TaskRunner
 * Sends tasks to lanes: with a lease, to the worker holding its model (reporting the load's size, or
 * its failure, to the scheduler, and releasing the lease when the task is over); without one, to the
 * CPU lane's least busy worker. The function's `ctx.models` calls are handed to `serveCall`, each
 * with a signal that aborts when the caller gives it up or the task ends.
 */
import { decodeEmbeddingBatch, type DecodedBatch } from "../../runtime/embeddings/embeddingBatchCodec.js";
import type { EmbedItem } from "../../runtime/engine/types.js";
import type { ErrorFamily } from "../../runtime/http/errorResponse.js";
import type { CallReply, InvokeTask, ModelCallMessage, TaskModel } from "../../pool/protocol/messages.js";
import type { Lane, TaskOptions } from "../../pool/server/Lane.js";
import type { Lease } from "../../pool/server/scheduler/Scheduler.js";
import { ignoreUsage, type UsageSink } from "../../runtime/metrics/ModelUsage.js";
import type { KettleMetrics } from "../observe/KettleMetrics.js";

/** Answers one `ctx.models` call of a task; `heldKey` is the model the task holds (a call for it runs in its worker). */
export type CallServer = (
    call: ModelCallMessage,
    reply: (message: CallReply) => void,
    heldKey: string | undefined,
    signal: AbortSignal,
    /** Where the call's usage goes: the calling request's. */
    usage: UsageSink
) => void;

export class TaskRunner {
    constructor(
        private readonly lanes: readonly Lane[],
        private readonly loadTimeoutMs: number,
        private readonly serveCall: CallServer,
        /** Loads and model calls go to the metrics (undefined when they are off). */
        private readonly metrics: KettleMetrics | undefined
    ) {}

    /** Runs a route's handler; resolves with its response once the head arrives. */
    // The lane calls `onDone` (which releases the lease) exactly once, when the task is over, even
    // when its response failed before it began.
    invoke(
        task: InvokeTask,
        lease: Lease<Lane> | undefined,
        signal: AbortSignal,
        errors: ErrorFamily,
        onDone: () => void = () => undefined,
        usage: UsageSink = this.metrics?.usage ?? ignoreUsage
    ): Promise<Response> {
        const lane = lease?.lane ?? this.#cpuLane();
        const model = task.model?.definition.name;
        return lane.invoke(lease?.workerId, task, { ...this.#options(lease, signal, onDone, usage, model), errors });
    }

    /** Embeds a batch on the leased worker. */
    async embed(items: EmbedItem[], model: TaskModel, lease: Lease<Lane>, signal: AbortSignal): Promise<DecodedBatch> {
        return decodeEmbeddingBatch(
            await lease.lane.embed(
                lease.workerId,
                { kind: "embed", model, items },
                this.#options(lease, signal, undefined, undefined, model.definition.name)
            )
        );
    }

    #options(
        lease: Lease<Lane> | undefined,
        signal: AbortSignal,
        onDone: () => void = () => undefined,
        usage: UsageSink = ignoreUsage,
        model?: string
    ): TaskOptions {
        const calls = new Map<number, AbortController>();
        return {
            signal,
            onUsage: usage,
            ...(lease
                ? {
                      onLoaded: (loaded) => {
                          lease.recordSize(loaded.sizeBytes, loaded.vramBytes);
                          if (loaded.loadDurationNs > 0 && model !== undefined)
                              this.metrics?.modelLoaded(model, loaded.loadDurationNs / 1e9);
                      },
                      onLoadFailed: (reason) => lease.loadFailed(reason)
                  }
                : {}),
            onCall: (call, reply) => {
                const controller = new AbortController();
                calls.set(call.callId, controller);
                this.serveCall(call, reply, lease?.key, controller.signal, usage);
            },
            onCallAbort: (callId) => {
                calls.get(callId)?.abort();
                calls.delete(callId);
            },
            onDone: () => {
                for (const controller of calls.values()) controller.abort();
                lease?.release();
                onDone();
            },
            loadTimeoutMs: this.loadTimeoutMs
        };
    }

    #cpuLane(): Lane {
        return this.lanes.find((lane) => lane.device.kind === "cpu") ?? this.lanes[0]!;
    }
}
