/**
 * @module Scheduler
 * The control plane's view of warm models. Each model (a digest with its load-time options) has
 * one or more replicas, each a worker of some lane holding it warm with `num_parallel` sequences;
 * a request takes a free sequence of the least busy replica, or waits first come first served in
 * its model's queue. A global limit on waiting requests answers 503 (`max_queue`), and a request
 * cancelled while queued leaves the queue (499).
 *
 * Batch jobs' lines acquire at batch priority and yield to interactive requests (batchPriority);
 * they do not count toward `max_queue`.
 *
 * Placement: a pinned model goes where its pin says; otherwise to the GPU with the most free
 * memory that fits its estimate, else the CPU (candidateLanes). Memory is accounted per lane
 * against a budget (free memory at start minus a reserve, or `memory_limit`). When a model does
 * not fit, idle models on that lane are evicted (evictionOrder). A model busy serving is never
 * evicted; requests wait for it to drain. A model that cannot fit even alone fails at once with
 * both sizes in the message.
 *
 * Keep-alive follows Ollama: the timer starts when the last in-flight request ends, the last
 * request's `keep_alive` wins, 0 unloads once idle, negative keeps the model forever. A change of
 * load-time options reloads. A failed load is reported to every request waiting for it and is not
 * retried for a while (LoadBackoff).
 */
import { estimateMemory } from "../../../runtime/engine/estimateMemory.js";
import type { LoadOptions, ModelDefinition, RequestPriority } from "../../../runtime/engine/types.js";
import { ModelTooLargeError } from "../../../runtime/errors/ModelTooLargeError.js";
import { QueueFullError } from "../../../runtime/errors/QueueFullError.js";
import { RequestCanceledError } from "../../../runtime/errors/RequestCanceledError.js";
import type { RunningModel } from "../../../runtime/ollama/types.js";
import { modelKey } from "../modelKey.js";
import { armKeepAlive } from "./armKeepAlive.js";
import {
    batchSequences,
    defaultInteractiveReserveMs,
    enqueueWaiter,
    interactiveWaiting,
    mayAdmit,
    mayServe,
    preemptFor
} from "./batchPriority.js";
import { candidateLanes } from "./candidateLanes.js";
import { evictionOrder } from "./evictionOrder.js";
import { extraReplicaBytes, freeWorker, usedBytes } from "./laneOccupancy.js";
import { LoadBackoff } from "./LoadBackoff.js";
import { busyOf, type Lease, type ModelEntry, type ModelPlacement, type Replica, type Waiter } from "./ModelEntry.js";
import { runningModels } from "./runningModels.js";
import type { SchedulerLane } from "./SchedulerLane.js";

export type { Lease, ModelPlacement } from "./ModelEntry.js";

/** How often waiting requests are retried when nothing else wakes them (a lane restarting). */
const retryMs = 250;

export type SchedulerOptions<L extends SchedulerLane> = {
    lanes: L[];
    /** Most models loaded at once; 0 = 3 per device, as Ollama. */
    maxLoadedModels: number;
    /** Requests allowed to wait before 503. */
    maxQueue: number;
    defaultKeepAliveMs: number;
    /** Bytes models may use on a lane's device. */
    budget(lane: L): number;
    /** How long after an interactive request batch lines leave a sequence of its model free; 0 = never. */
    interactiveReserveMs?: number;
    /** Clock seam for tests. Defaults to Date.now. */
    now?: () => number;
};

export class Scheduler<L extends SchedulerLane = SchedulerLane> {
    readonly #entries = new Map<string, ModelEntry>();
    /** Entries being unloaded after their last request; they still hold memory and their workers' keys. */
    readonly #stopping = new Set<ModelEntry>();
    readonly #options: Required<SchedulerOptions<L>>;
    readonly #backoff: LoadBackoff;
    #retryTimer: NodeJS.Timeout | undefined;

    constructor(options: SchedulerOptions<L>) {
        this.#options = { now: Date.now, interactiveReserveMs: defaultInteractiveReserveMs, ...options };
        this.#backoff = new LoadBackoff(() => this.#options.now());
        for (const lane of options.lanes) {
            lane.on("worker-exited", (workerId: number) =>
                this.#forget((replica) => replica.lane === lane && replica.workerId === workerId)
            );
            lane.on("exit", () => this.#forget((replica) => replica.lane === lane));
            lane.on("worker-created", () => this.#pump());
            lane.on("ready", () => this.#pump());
        }
    }

    get maxLoadedModels(): number {
        return this.#options.maxLoadedModels > 0 ? this.#options.maxLoadedModels : 3 * this.#options.lanes.length;
    }

    /** A free sequence of a warm replica of the model, placing one when needed; waits in the model's queue when all are busy. */
    async acquire(
        definition: ModelDefinition,
        load: LoadOptions,
        keepAliveMs: number | undefined,
        signal?: AbortSignal,
        placement: ModelPlacement = { replicas: 1 },
        priority: RequestPriority = "interactive",
        /** A batch line's: called when an interactive request needs its sequence. */
        onPreempt?: () => void
    ): Promise<Lease<L>> {
        const batch = priority === "batch";
        if (signal?.aborted) throw new RequestCanceledError();
        const key = modelKey(definition, load);
        this.#backoff.check(key, definition.name);

        // Same model with other load-time options: it must reload, once its requests finish.
        for (const entry of [...this.#entries.values()]) {
            if (entry.definition.digest === definition.digest && entry.key !== key) this.#stop(entry);
        }
        let entry = this.#entries.get(key);
        if (!entry) {
            entry = {
                key,
                definition,
                load,
                placement,
                estimateBytes: estimateMemory(definition, load),
                replicas: [],
                queue: [],
                batchHolds: new Set(),
                keepAliveMs: keepAliveMs ?? this.#options.defaultKeepAliveMs,
                stopping: false,
                lastUsed: this.#options.now()
            };
            this.#entries.set(key, entry);
        }
        entry.placement = placement;
        if (!batch) entry.interactiveAt = this.#options.now();

        let replica: Replica | undefined;
        try {
            // Nobody may overtake requests already waiting for this model, but an interactive one overtakes lines of batches.
            replica = mayAdmit(entry, batch, this.#entries.values()) ? this.#admit(entry, batch) : undefined;
        } catch (error) {
            this.#dropIfEmpty(entry);
            throw error;
        }
        if (replica) return this.#lease(entry, replica, keepAliveMs, batch ? onPreempt : undefined);
        if (!batch && this.#queuedCount() >= this.#options.maxQueue) {
            this.#dropIfEmpty(entry);
            throw new QueueFullError();
        }
        const leased = this.#enqueue(entry, keepAliveMs, signal, batch, batch ? onPreempt : undefined);
        if (!batch) preemptFor(entry);
        return leased;
    }

    /** `/api/ps`: every warm model, the one expiring last first, with Kettle's lane and slot fields. */
    runningModels(): RunningModel[] {
        return runningModels(this.#entries.values(), this.#options.now());
    }

    /** Bytes of estimated memory the models on a lane hold (stopping ones included). */
    usedBytes(lane: L): number {
        return usedBytes(this.#all(), lane);
    }

    /** Unloads every copy of a model: now if idle, else when its requests finish. */
    async unloadModel(name: string): Promise<boolean> {
        const matches = [...this.#entries.values()].filter(
            (entry) => entry.replicas.length > 0 && entry.definition.name.toLowerCase() === name.toLowerCase()
        );
        for (const entry of matches) this.#stop(entry);
        return matches.length > 0;
    }

    /** Unloads everything (server shutdown). */
    unloadAll(): void {
        for (const entry of this.#all()) this.#unload(entry);
    }

    /** A free replica for one more request (a batch line's: within its share), placing a new one when allowed and possible. */
    #admit(entry: ModelEntry, batch: boolean): Replica | undefined {
        const sequences = batch ? batchSequences(entry, this.#options.now(), this.#options.interactiveReserveMs) : entry.load.sequences;
        let best: Replica | undefined;
        for (const replica of entry.replicas) {
            if (replica.inFlight < sequences && (!best || replica.inFlight < best.inFlight)) best = replica;
        }
        if (best) return best;
        if (entry.replicas.length < Math.max(1, entry.placement.replicas)) return this.#place(entry);
        return undefined;
    }

    /** Places a new replica on the best lane that has (or can make) room; undefined = wait. */
    #place(entry: ModelEntry): Replica | undefined {
        if (entry.replicas.length === 0 && this.#loadedCount() >= this.maxLoadedModels) {
            this.#evictIdle(
                () => true,
                () => this.#loadedCount() < this.maxLoadedModels,
                entry
            );
            if (this.#loadedCount() >= this.maxLoadedModels) return undefined;
        }
        const budget = this.#options.budget;
        const lanes = candidateLanes(entry, this.#options.lanes, (lane) => budget(lane) - this.usedBytes(lane));
        const largest = Math.max(...lanes.map((lane) => budget(lane)));
        if (entry.estimateBytes > largest) {
            const where = lanes.length === 1 ? lanes[0]!.name : lanes.map((lane) => lane.name).join(" or ");
            throw new ModelTooLargeError(entry.definition.name, entry.estimateBytes, largest, where);
        }
        for (const lane of lanes) {
            const workerId = freeWorker(this.#all(), lane, entry);
            if (workerId === undefined) continue;
            const cost = entry.replicas.some((replica) => replica.lane === lane) ? extraReplicaBytes(entry, lane) : entry.estimateBytes;
            const fits = () => this.usedBytes(lane) + cost <= budget(lane);
            if (!fits()) this.#evictIdle((other) => other.replicas.some((replica) => replica.lane === lane), fits, entry);
            if (!fits()) continue;
            const replica: Replica = { lane, workerId, inFlight: 0, sizeBytes: 0, vramBytes: 0, removed: false };
            entry.replicas.push(replica);
            return replica;
        }
        return undefined;
    }

    /** Unloads idle models matching `where`, in eviction order, until `enough`. */
    #evictIdle(where: (entry: ModelEntry) => boolean, enough: () => boolean, except: ModelEntry): void {
        for (const entry of evictionOrder(this.#entries.values(), where, except)) {
            if (enough()) return;
            this.#unload(entry);
        }
    }

    #lease(entry: ModelEntry, replica: Replica, keepAliveMs: number | undefined, onPreempt?: () => void): Lease<L> {
        replica.inFlight++;
        const hold = onPreempt ? { preempt: onPreempt, preempted: false } : undefined;
        if (hold) entry.batchHolds.add(hold);
        entry.lastUsed = this.#options.now();
        clearTimeout(entry.timer);
        entry.timer = undefined;
        entry.expiresAt = undefined;
        if (keepAliveMs !== undefined) entry.keepAliveMs = keepAliveMs; // the last request's keep_alive wins
        let released = false;
        return {
            key: entry.key,
            lane: replica.lane as L,
            workerId: replica.workerId,
            recordSize: (sizeBytes, vramBytes) => {
                replica.sizeBytes = sizeBytes;
                replica.vramBytes = vramBytes;
            },
            loadFailed: (reason) => this.#loadFailed(entry, replica, reason),
            release: () => {
                if (released) return;
                released = true;
                if (hold) entry.batchHolds.delete(hold);
                this.#release(entry, replica);
            }
        };
    }

    #enqueue(
        entry: ModelEntry,
        keepAliveMs: number | undefined,
        signal: AbortSignal | undefined,
        batch: boolean,
        onPreempt: (() => void) | undefined
    ): Promise<Lease<L>> {
        return new Promise<Lease<L>>((resolve, reject) => {
            const onAbort = () => {
                const index = entry.queue.indexOf(waiter);
                if (index >= 0) entry.queue.splice(index, 1);
                this.#dropIfEmpty(entry);
                reject(new RequestCanceledError());
            };
            const waiter: Waiter = {
                keepAliveMs,
                batch,
                onPreempt,
                settle: (result) => {
                    signal?.removeEventListener("abort", onAbort);
                    if (result instanceof Error) reject(result);
                    else resolve(result as Lease<L>);
                }
            };
            enqueueWaiter(entry, waiter);
            signal?.addEventListener("abort", onAbort, { once: true });
            this.#armRetry();
        });
    }

    #release(entry: ModelEntry, replica: Replica): void {
        replica.inFlight--;
        const next = entry.queue[0];
        if (
            next &&
            !replica.removed &&
            !entry.stopping &&
            mayServe(next, this.#entries.values()) &&
            (!next.batch || replica.inFlight < batchSequences(entry, this.#options.now(), this.#options.interactiveReserveMs))
        ) {
            // The freed sequence goes to the model's first waiter.
            const waiter = entry.queue.shift()!;
            waiter.settle(this.#lease(entry, replica, waiter.keepAliveMs, waiter.onPreempt));
            return;
        }
        if (busyOf(entry) === 0) {
            if (entry.stopping || entry.keepAliveMs <= 0) this.#unload(entry);
            else if (entry.replicas.length > 0)
                armKeepAlive(entry, entry.keepAliveMs, this.#options.now, (expired) => this.#unload(expired));
        }
        this.#pump();
    }

    #loadFailed(entry: ModelEntry, replica: Replica, reason: string): void {
        const error = this.#backoff.failed(entry.key, entry.definition.name, reason);
        // The worker has dropped the model; nobody else may be sent to it.
        this.#removeReplica(entry, replica);
        for (const waiter of entry.queue.splice(0)) waiter.settle(error);
        this.#dropIfEmpty(entry);
    }

    /** Hands free sequences and newly available room to the requests waiting for them, oldest model queue first. */
    #pump(): void {
        for (const entry of [...this.#entries.values()]) {
            while (entry.queue.length > 0 && !entry.stopping && mayServe(entry.queue[0]!, this.#entries.values())) {
                let replica: Replica | undefined;
                try {
                    replica = this.#admit(entry, entry.queue[0]!.batch);
                } catch (error) {
                    for (const waiter of entry.queue.splice(0)) waiter.settle(error as Error);
                    this.#dropIfEmpty(entry);
                    break;
                }
                if (!replica) break;
                const waiter = entry.queue.shift()!;
                waiter.settle(this.#lease(entry, replica, waiter.keepAliveMs, waiter.onPreempt));
            }
        }
    }

    /** While anyone waits, retry now and then: a lane restarting or a worker appearing frees no slot by itself. */
    #armRetry(): void {
        if (this.#retryTimer) return;
        this.#retryTimer = setTimeout(() => {
            this.#retryTimer = undefined;
            this.#pump();
            if (this.#waitingCount() > 0) this.#armRetry();
        }, retryMs);
        this.#retryTimer.unref();
    }

    #stop(entry: ModelEntry): void {
        entry.stopping = true;
        entry.keepAliveMs = 0;
        if (this.#entries.get(entry.key) === entry) this.#entries.delete(entry.key);
        this.#stopping.add(entry);
        // Requests still queued for it start over with a fresh entry.
        const waiting = entry.queue.splice(0);
        if (busyOf(entry) === 0) this.#unload(entry);
        for (const waiter of waiting) this.#requeue(entry, waiter);
    }

    #requeue(old: ModelEntry, waiter: Waiter): void {
        let entry = this.#entries.get(old.key);
        if (!entry) {
            entry = {
                ...old,
                replicas: [],
                queue: [],
                batchHolds: new Set(),
                stopping: false,
                timer: undefined,
                expiresAt: undefined,
                keepAliveMs: this.#options.defaultKeepAliveMs
            };
            this.#entries.set(entry.key, entry);
        }
        enqueueWaiter(entry, waiter);
        this.#armRetry();
    }

    #unload(entry: ModelEntry): void {
        clearTimeout(entry.timer);
        const live = this.#entries.get(entry.key) === entry;
        if (!live && !this.#stopping.has(entry)) return;
        if (live) this.#entries.delete(entry.key);
        this.#stopping.delete(entry);
        for (const replica of entry.replicas) {
            replica.removed = true;
            replica.lane.unload(replica.workerId, entry.key);
        }
        entry.replicas = [];
        const waiting = entry.queue.splice(0);
        for (const waiter of waiting) this.#requeue(entry, waiter);
        this.#pump();
    }

    #removeReplica(entry: ModelEntry, replica: Replica): void {
        replica.removed = true;
        entry.replicas = entry.replicas.filter((other) => other !== replica);
    }

    /** Drops replicas whose worker or lane died (their models went with them). */
    #forget(match: (replica: Replica) => boolean): void {
        for (const entry of this.#all()) {
            for (const replica of entry.replicas.filter(match)) this.#removeReplica(entry, replica);
            if (entry.replicas.length === 0) {
                clearTimeout(entry.timer);
                this.#stopping.delete(entry);
                this.#dropIfEmpty(entry);
            }
        }
        this.#pump();
    }

    /** An entry with no replica and nobody waiting is forgotten. */
    #dropIfEmpty(entry: ModelEntry): void {
        if (entry.replicas.length === 0 && entry.queue.length === 0 && this.#entries.get(entry.key) === entry)
            this.#entries.delete(entry.key);
    }

    /** Live entries and those being unloaded (which still hold memory and their workers' keys). */
    #all(): ModelEntry[] {
        return [...this.#entries.values(), ...this.#stopping];
    }

    #loadedCount(): number {
        let count = 0;
        for (const entry of this.#entries.values()) if (entry.replicas.length > 0) count++;
        return count + this.#stopping.size;
    }

    #queuedCount(): number {
        return interactiveWaiting(this.#entries.values());
    }

    #waitingCount(): number {
        let count = 0;
        for (const entry of this.#entries.values()) count += entry.queue.length;
        return count;
    }
}
