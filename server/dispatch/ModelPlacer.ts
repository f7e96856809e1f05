/**
 * @module ModelPlacer
 * Resolves a request's model on the control plane: the name in the store (cached, re-checked with one
 * stat of its manifest), its definition (cached by digest), its capability, its load options with the
 * `[models."name"]` settings; then takes a free sequence of a warm replica from the scheduler, and
 * records how long that took (the request's queue wait).
 */
import { statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { LRUCache } from "lru-cache";
import type { Config, ModelSettings } from "../../config/Config.js";
import { loadOptionsFor } from "../../runtime/engine/loadOptionsFor.js";
import { modelDefinition } from "../../runtime/engine/modelDefinition.js";
import type { LoadOptions, ModelDefinition, RequestPriority } from "../../runtime/engine/types.js";
import { CapabilityError } from "../../runtime/errors/CapabilityError.js";
import type { ModelRequest, ModelRequirement } from "../../runtime/functions/types.js";
import { readModel, type Model } from "../../runtime/models/readModel.js";
import { parseKeepAlive } from "../../runtime/ollama/parseKeepAlive.js";
import { displayShortest, requireModelName } from "../../runtime/store/ModelName.js";
import type { ModelStore } from "../../runtime/store/ModelStore.js";
import { modelKey } from "../../pool/server/modelKey.js";
import type { Lane } from "../../pool/server/Lane.js";
import type { Lease, Scheduler } from "../../pool/server/scheduler/Scheduler.js";
import { QueueWaits } from "./QueueWaits.js";
import type { KettleMetrics } from "../observe/KettleMetrics.js";

/** A model request resolved: which warm model it needs, with what load options. */
export type Placement = { definition: ModelDefinition; load: LoadOptions; keepAliveMs: number | undefined; key: string; name: string };

/** A request that only asked to unload its model (done here): answered with `unloaded` as the body. */
export type Unloaded = { unloaded: unknown };

export class ModelPlacer {
    // Reading a GGUF's metadata takes milliseconds to tens of them; a manifest digest pins the content.
    readonly #definitions = new LRUCache<string, ModelDefinition>({ max: 64 });
    readonly #resolved = new LRUCache<string, { model: Model; mtimeMs: number; ino: number; size: number }>({ max: 256 });
    /** `[models."name"]` tables by the name `ps` shows (the shortest form, lower case). */
    readonly #settings: Map<string, ModelSettings>;
    readonly #loadDefaults: Parameters<typeof loadOptionsFor>[2];
    /** How long each placed request waited for its sequence. */
    readonly queueWaits = new QueueWaits();

    constructor(
        private readonly store: ModelStore,
        private readonly scheduler: Scheduler<Lane>,
        private readonly unloadModel: (name: string) => Promise<unknown>,
        config: Config,
        private readonly metrics?: KettleMetrics
    ) {
        this.#settings = new Map(
            Object.entries(config.models).map(([name, settings]) => [displayShortest(requireModelName(name)).toLowerCase(), settings])
        );
        this.#loadDefaults = {
            contextLength: config.engine.contextLength,
            threads: config.engine.threads,
            numParallel: config.scheduler.numParallel,
            flashAttention: config.engine.flashAttention,
            kvCacheType: config.engine.kvCacheType,
            embeddingSequences: config.embeddings.maxBatch,
            embeddingTokens: config.embeddings.batchTokens,
            sharePrefixes: config.engine.sharePrefixes
        };
    }

    /** Resolves a model request; one that only asks to unload is done here. */
    async place(wanted: ModelRequest, requires?: ModelRequirement): Promise<Placement | Unloaded> {
        const keepAliveMs = wanted.keepAlive === undefined || wanted.keepAlive === null ? undefined : parseKeepAlive(wanted.keepAlive);
        const model = await this.#resolve(wanted.name);
        if (wanted.unloadResponse !== undefined) {
            await this.unloadModel(displayShortest(model.stored.name));
            return { unloaded: wanted.unloadResponse };
        }
        let definition = this.#definitions.get(model.stored.digest);
        if (!definition) {
            definition = await modelDefinition(model);
            this.#definitions.set(model.stored.digest, definition);
        }
        if (requires && !definition.capabilities.includes(requires.capability)) throw new CapabilityError(wanted.name, requires.action);
        const settings = this.settingsOf(definition);
        const load = loadOptionsFor(definition, wanted.options, {
            ...this.#loadDefaults,
            numParallel: settings?.numParallel ?? this.#loadDefaults.numParallel
        });
        return { definition, load, keepAliveMs, key: modelKey(definition, load), name: wanted.name };
    }

    /**
     * A free sequence of a warm replica of the placed model (waiting in its queue when all are busy);
     * an interactive request's wait is recorded. A batch's line waits behind interactive requests,
     * and `onPreempt` is called when one needs its sequence.
     */
    async acquire(
        placement: Placement,
        signal: AbortSignal,
        priority: RequestPriority = "interactive",
        onPreempt?: () => void
    ): Promise<Lease<Lane>> {
        const settings = this.settingsOf(placement.definition);
        const started = performance.now();
        const lease = await this.scheduler.acquire(
            placement.definition,
            placement.load,
            placement.keepAliveMs,
            signal,
            { replicas: settings?.replicas ?? 1, ...(settings?.gpu !== undefined ? { gpu: settings.gpu } : {}) },
            priority,
            onPreempt
        );
        if (priority === "interactive") {
            const waitMs = performance.now() - started;
            this.queueWaits.record(placement.definition.name, waitMs);
            this.metrics?.queueWait(placement.definition.name, waitMs / 1000);
        }
        return lease;
    }

    settingsOf(definition: ModelDefinition): ModelSettings | undefined {
        return this.#settings.get(definition.name.toLowerCase());
    }

    // A cached answer is re-checked with one synchronous stat of its manifest (a rewrite by create,
    // copy or another process changes it), so it is never stale: a few microseconds, where a
    // thread-pool round trip would add a tenth of a millisecond to every request.
    async #resolve(name: string): Promise<Model> {
        const cached = this.#resolved.get(name);
        if (cached) {
            const info = statSync(cached.model.stored.path, { throwIfNoEntry: false });
            if (info && info.mtimeMs === cached.mtimeMs && info.ino === cached.ino && info.size === cached.size) return cached.model;
        }
        const model = await readModel(this.store, requireModelName(name));
        const info = await stat(model.stored.path);
        this.#resolved.set(name, { model, mtimeMs: info.mtimeMs, ino: info.ino, size: info.size });
        return model;
    }
}
