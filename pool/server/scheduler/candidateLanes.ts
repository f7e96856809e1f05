/**
 * @module candidateLanes
 * The lanes a model should try, in order: where its pin says (`gpu = "cpu"`, an index or a list),
 * else the GPUs with the most free budget first, then the CPU. A pin to a GPU that is not here is a
 * load error naming the GPUs there are.
 */
import { ModelLoadError } from "../../../runtime/errors/ModelLoadError.js";
import type { ModelEntry } from "./ModelEntry.js";
import type { SchedulerLane } from "./SchedulerLane.js";

export function candidateLanes<L extends SchedulerLane>(entry: ModelEntry, lanes: readonly L[], room: (lane: L) => number): L[] {
    const pin = entry.placement.gpu;
    if (pin === "cpu") return lanes.filter((lane) => lane.device.kind === "cpu");
    if (pin !== undefined) {
        const wanted = Array.isArray(pin) ? pin : [pin];
        const pinned = wanted.map((index) => lanes.find((lane) => lane.device.kind === "gpu" && lane.device.index === index));
        const missing = wanted.filter((_, i) => !pinned[i]);
        if (missing.length > 0) {
            const have = lanes.filter((lane) => lane.device.kind === "gpu").map((lane) => lane.device.index);
            throw new ModelLoadError(
                entry.definition.name,
                `it is pinned to GPU ${missing.join(", ")} in kettle.toml, but the GPUs here are ${have.length > 0 ? have.join(", ") : "none"}`
            );
        }
        return pinned as L[];
    }
    const gpus = lanes.filter((lane) => lane.device.kind === "gpu").sort((a, b) => room(b) - room(a));
    return [...gpus, ...lanes.filter((lane) => lane.device.kind === "cpu")];
}
