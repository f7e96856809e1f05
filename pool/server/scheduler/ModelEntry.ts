/**
 * @module ModelEntry
 * The scheduler's record of one model (a digest with its load-time options): its replicas (each a
 * worker of some lane holding it warm with `sequences` slots), the requests waiting for a slot, and
 * its keep-alive state.
 */
import type { GpuPin } from "../../../config/Config.js";
import type { LoadOptions, ModelDefinition } from "../../../runtime/engine/types.js";
import type { SchedulerLane } from "./SchedulerLane.js";

/** Where and how many copies of a model may run (a `[models."name"]` table). */
export type ModelPlacement = { replicas: number; gpu?: GpuPin };

/** A request's hold on a warm model; `release` must be called exactly once when the response ends. */
export type Lease<L extends SchedulerLane = SchedulerLane> = {
    readonly key: string;
    readonly lane: L;
    readonly workerId: number;
    recordSize(sizeBytes: number, vramBytes: number): void;
    /** The worker could not load the model: every waiting request gets `reason`, and loading pauses. */
    loadFailed(reason: string): void;
    release(): void;
};

export type Replica = { lane: SchedulerLane; workerId: number; inFlight: number; sizeBytes: number; vramBytes: number; removed: boolean };

/** A request waiting for a sequence; a batch's line (`batch`) waits behind every interactive request. */
export type Waiter = {
    keepAliveMs: number | undefined;
    batch: boolean;
    onPreempt: (() => void) | undefined;
    settle(result: Lease | Error): void;
};

/** A batch line's lease, which gives its sequence up (`preempt`) when an interactive request waits for one. */
export type BatchHold = { preempt: () => void; preempted: boolean };

export type ModelEntry = {
    key: string;
    definition: ModelDefinition;
    load: LoadOptions;
    placement: ModelPlacement;
    estimateBytes: number;
    replicas: Replica[];
    queue: Waiter[];
    /** Leases held by batches' lines that may be preempted. */
    batchHolds: Set<BatchHold>;
    /** When an interactive request last asked for this model: while recent, batch lines leave it a sequence. */
    interactiveAt?: number;
    keepAliveMs: number;
    /** Set while idle: when the keep-alive timer fires. */
    expiresAt?: number;
    timer?: NodeJS.Timeout;
    /** Unload as soon as it is idle (stop, a reload, or eviction). */
    stopping: boolean;
    lastUsed: number;
};

/** Requests the model is serving now, over all its replicas. */
export function busyOf(entry: ModelEntry): number {
    return entry.replicas.reduce((sum, replica) => sum + replica.inFlight, 0);
}
