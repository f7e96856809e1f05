/**
 * @module Readiness
 * What `/healthz` and `/readyz` answer. Healthy: the process serves and every lane is up (a lane
 * restarting after a crash makes it unhealthy until it is back). Ready: healthy enough to take
 * traffic, that is not draining (shutting down) and with every `[models."x"] preload = true` model
 * warm. Preloaded models are loaded at start-up, kept loaded (`keep_alive: -1`), and loaded again
 * should they be unloaded (a lane crash): readiness is checked against what is warm now.
 */
import type { RunningModel } from "../runtime/ollama/types.js";
import { displayShortest, requireModelName } from "../runtime/store/ModelName.js";

export type LaneHealth = { name: string; up: boolean };
export type Health = { status: "ok" | "unavailable"; lanes: LaneHealth[] };
export type ReadyState = {
    status: "ready" | "not ready";
    draining: boolean;
    models: { name: string; warm: boolean }[];
    lanes: LaneHealth[];
};

export class Readiness {
    #draining = false;

    constructor(
        private readonly lanes: () => LaneHealth[],
        private readonly running: () => RunningModel[],
        /** The models marked `preload`, as written in kettle.toml. */
        readonly preload: readonly string[]
    ) {}

    /** From now on not ready: the server is shutting down. */
    drain(): void {
        this.#draining = true;
    }

    health(): Health {
        const lanes = this.lanes();
        return { status: lanes.every((lane) => lane.up) ? "ok" : "unavailable", lanes };
    }

    ready(): ReadyState {
        const lanes = this.lanes();
        const warm = new Set(this.running().map((model) => displayShortest(requireModelName(model.name))));
        const models = this.preload.map((name) => ({ name, warm: warm.has(displayShortest(requireModelName(name))) }));
        const ok = !this.#draining && lanes.every((lane) => lane.up) && models.every((model) => model.warm);
        return { status: ok ? "ready" : "not ready", draining: this.#draining, models, lanes };
    }
}
