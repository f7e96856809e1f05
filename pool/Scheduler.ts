/**
 * @module Scheduler
 * The control plane's view of warm models: which worker of which lane holds each one, how many
 * requests are using it, and when it expires. Keep-alive follows Ollama exactly: the timer starts
 * when the last in-flight request ends, the last request's `keep_alive` wins, 0 unloads once idle,
 * negative keeps the model forever. Requests for a warm model attach at once; a cold model is placed
 * on the least-loaded worker while the others keep serving. A change of load-time options reloads.
 */
import type { LoadOptions, ModelDefinition } from "../runtime/engine/types.js";
import type { RunningModel } from "../runtime/models/types.js";
import { QueueFullError } from "../runtime/errors/QueueFullError.js";
import { RequestCanceledError } from "../runtime/errors/RequestCanceledError.js";
import type { Lane } from "./Lane.js";

type WarmEntry = {
    key: string;
    definition: ModelDefinition;
    load: LoadOptions;
    lane: Lane;
    workerId: number;
    inFlight: number;
    keepAliveMs: number;
    /** Set while idle: when the keep-alive timer fires. */
    expiresAt?: number;
    timer?: NodeJS.Timeout;
    sizeBytes: number;
    vramBytes: number;
    /** Unload as soon as it is idle (stop, a reload, or eviction). */
    stopping: boolean;
};

/** A request's hold on a warm model; `release` must be called exactly once when the response ends. */
export type Lease = {
    readonly key: string;
    readonly lane: Lane;
    readonly workerId: number;
    recordSize(sizeBytes: number, vramBytes: number): void;
    release(): void;
};

export type SchedulerOptions = {
    lanes: Lane[];
    /** Most models loaded at once; 0 = 3 per device, as Ollama. */
    maxLoadedModels: number;
    /** Requests allowed to wait for a model slot before 503. */
    maxQueue: number;
    defaultKeepAliveMs: number;
    /** Clock seam for tests. Defaults to Date.now. */
    now?: () => number;
};

/** Go's "forever": time.Duration(math.MaxInt64) from now, about 292 years. */
const foreverMs = 292 * 365.25 * 24 * 3600 * 1000;
/** setTimeout cannot wait longer than this; longer keep-alives are re-armed. */
const maxTimerMs = 2 ** 31 - 1;

export class Scheduler {
    readonly #entries = new Map<string, WarmEntry>();
    readonly #waiters: (() => void)[] = [];
    readonly #options: Required<SchedulerOptions>;

    constructor(options: SchedulerOptions) {
        this.#options = { now: Date.now, ...options };
        for (const lane of options.lanes) {
            lane.on("worker-exited", (workerId) => this.#forget((entry) => entry.lane === lane && entry.workerId === workerId));
            lane.on("exit", () => this.#forget((entry) => entry.lane === lane));
        }
    }

    get maxLoadedModels(): number {
        return this.#options.maxLoadedModels > 0 ? this.#options.maxLoadedModels : 3 * this.#options.lanes.length;
    }

    /** Finds or places a warm copy of the model for one request. */
    async acquire(definition: ModelDefinition, load: LoadOptions, keepAliveMs: number | undefined, signal?: AbortSignal): Promise<Lease> {
        const key = `${definition.digest}:${JSON.stringify(load)}`;
        let queued = false;
        try {
            for (;;) {
                if (signal?.aborted) throw new RequestCanceledError();
                const warm = this.#entries.get(key);
                if (warm && !warm.stopping) return this.#attach(warm, keepAliveMs);

                // Same model with other load-time options: it must reload, once its requests finish.
                for (const entry of this.#entries.values()) {
                    if (entry.definition.digest === definition.digest && entry.key !== key) this.#stop(entry);
                }
                if (!warm && this.#liveCount() < this.maxLoadedModels) {
                    const placed = this.#place(key, definition, load, keepAliveMs);
                    if (placed) return this.#attach(placed, keepAliveMs);
                }
                if (!warm) this.#evictOne();
                if (!queued && this.#waiters.length >= this.#options.maxQueue) throw new QueueFullError();
                queued = true;
                await this.#wait(signal);
            }
        } finally {
            // Whatever freed up for us may also be what the next waiter needs.
            if (queued) this.#wake();
        }
    }

    /** `/api/ps`: every warm model, the one expiring last first. */
    runningModels(): RunningModel[] {
        const now = this.#options.now();
        return [...this.#entries.values()]
            .map((entry) => {
                const expiresAt = entry.inFlight > 0 || entry.expiresAt === undefined ? now + this.#remainingMs(entry) : entry.expiresAt;
                return {
                    name: entry.definition.name,
                    model: entry.definition.name,
                    size: entry.sizeBytes,
                    digest: entry.definition.digest,
                    details: entry.definition.details,
                    expires_at: new Date(Math.min(expiresAt, 8.64e15)).toISOString(),
                    size_vram: entry.vramBytes,
                    context_length: entry.load.contextSize
                };
            })
            .sort((a, b) => b.expires_at.localeCompare(a.expires_at));
    }

    /** Unloads every copy of a model: now if idle, else when its requests finish. */
    async unloadModel(name: string): Promise<boolean> {
        const matches = [...this.#entries.values()].filter((entry) => entry.definition.name.toLowerCase() === name.toLowerCase());
        for (const entry of matches) this.#stop(entry);
        return matches.length > 0;
    }

    /** Unloads everything (server shutdown). */
    unloadAll(): void {
        for (const entry of [...this.#entries.values()]) this.#unload(entry);
    }

    #attach(entry: WarmEntry, keepAliveMs: number | undefined): Lease {
        entry.inFlight++;
        clearTimeout(entry.timer);
        entry.timer = undefined;
        entry.expiresAt = undefined;
        if (keepAliveMs !== undefined) entry.keepAliveMs = keepAliveMs; // the last request's keep_alive wins
        let released = false;
        return {
            key: entry.key,
            lane: entry.lane,
            workerId: entry.workerId,
            recordSize: (sizeBytes, vramBytes) => {
                entry.sizeBytes = sizeBytes;
                entry.vramBytes = vramBytes;
            },
            release: () => {
                if (released) return;
                released = true;
                this.#release(entry);
            }
        };
    }

    #release(entry: WarmEntry): void {
        entry.inFlight--;
        if (entry.inFlight > 0 || this.#entries.get(entry.key) !== entry) return;
        if (entry.stopping || entry.keepAliveMs <= 0) {
            this.#unload(entry);
            return;
        }
        this.#armTimer(entry, entry.keepAliveMs);
        this.#wake();
    }

    #armTimer(entry: WarmEntry, ms: number): void {
        if (!Number.isFinite(ms)) {
            entry.expiresAt = this.#options.now() + foreverMs;
            return;
        }
        entry.expiresAt = entry.expiresAt ?? this.#options.now() + ms;
        const wait = Math.min(ms, maxTimerMs);
        entry.timer = setTimeout(() => {
            const left = (entry.expiresAt ?? 0) - this.#options.now();
            if (left > 0 && wait === maxTimerMs) this.#armTimer(entry, left);
            else this.#unload(entry);
        }, wait);
        entry.timer.unref();
    }

    #remainingMs(entry: WarmEntry): number {
        return Number.isFinite(entry.keepAliveMs) ? Math.max(entry.keepAliveMs, 0) : foreverMs;
    }

    /** Picks the least-loaded worker; undefined while the lane has none (restarting). */
    #place(key: string, definition: ModelDefinition, load: LoadOptions, keepAliveMs: number | undefined): WarmEntry | undefined {
        let best: { lane: Lane; workerId: number; models: number } | undefined;
        for (const lane of this.#options.lanes) {
            for (const workerId of lane.workerIds) {
                let models = 0;
                for (const entry of this.#entries.values()) if (entry.lane === lane && entry.workerId === workerId) models++;
                if (!best || models < best.models) best = { lane, workerId, models };
            }
        }
        if (!best) return undefined;
        const entry: WarmEntry = {
            key,
            definition,
            load,
            lane: best.lane,
            workerId: best.workerId,
            inFlight: 0,
            keepAliveMs: keepAliveMs ?? this.#options.defaultKeepAliveMs,
            sizeBytes: 0,
            vramBytes: 0,
            stopping: false
        };
        this.#entries.set(key, entry);
        return entry;
    }

    /** Ollama's victim choice: an idle model, shortest keep-alive first (forever last). */
    #evictOne(): void {
        const idle = [...this.#entries.values()].filter((entry) => entry.inFlight === 0);
        idle.sort((a, b) => a.keepAliveMs - b.keepAliveMs || a.definition.name.localeCompare(b.definition.name));
        if (idle[0]) this.#unload(idle[0]);
    }

    #stop(entry: WarmEntry): void {
        entry.stopping = true;
        entry.keepAliveMs = 0;
        if (entry.inFlight === 0) this.#unload(entry);
    }

    #unload(entry: WarmEntry): void {
        clearTimeout(entry.timer);
        if (this.#entries.get(entry.key) !== entry) return;
        this.#entries.delete(entry.key);
        entry.lane.unload(entry.workerId, entry.key);
        this.#wake();
    }

    /** Drops entries whose worker or lane died (their models went with them). */
    #forget(match: (entry: WarmEntry) => boolean): void {
        for (const entry of [...this.#entries.values()]) {
            if (!match(entry)) continue;
            clearTimeout(entry.timer);
            this.#entries.delete(entry.key);
        }
        this.#wake();
    }

    #liveCount(): number {
        let count = 0;
        for (const entry of this.#entries.values()) if (!entry.stopping) count++;
        return count;
    }

    #wait(signal?: AbortSignal): Promise<void> {
        return new Promise<void>((resolve, reject) => {
            const onAbort = () => {
                const index = this.#waiters.indexOf(wake);
                if (index >= 0) this.#waiters.splice(index, 1);
                reject(new RequestCanceledError());
            };
            const wake = () => {
                signal?.removeEventListener("abort", onAbort);
                resolve();
            };
            this.#waiters.push(wake);
            signal?.addEventListener("abort", onAbort, { once: true });
            // A lane coming back up, or a worker appearing, is also worth a retry.
            const retry = setTimeout(() => this.#wake(), 250);
            retry.unref();
        });
    }

    #wake(): void {
        const waiters = this.#waiters.splice(0);
        for (const wake of waiters) wake();
    }
}
