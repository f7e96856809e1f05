/**
 * @module laneOccupancy
 * What the models on a lane take: estimated memory (a further replica of a memory-mapped model on
 * the CPU shares its weights' pages, so only its KV cache and buffers count), and which worker has
 * room for one more model.
 */
import type { ModelEntry } from "./ModelEntry.js";
import type { SchedulerLane } from "./SchedulerLane.js";

/** Bytes of estimated memory the models on a lane hold. */
export function usedBytes(entries: Iterable<ModelEntry>, lane: SchedulerLane): number {
    let used = 0;
    for (const entry of entries) {
        const here = entry.replicas.filter((replica) => replica.lane === lane).length;
        if (here > 0) used += entry.estimateBytes + (here - 1) * extraReplicaBytes(entry, lane);
    }
    return used;
}

/**
 * What one more replica of a model costs on a lane that already holds one. On the CPU with mmap the
 * weights' pages are shared (measured: a second replica of a 193 MB model added 45 MB of PSS, its
 * KV cache and buffers), so only the rest counts.
 */
export function extraReplicaBytes(entry: ModelEntry, lane: SchedulerLane): number {
    const shared = lane.device.kind === "cpu" && entry.load.useMmap ? entry.definition.shape.fileBytes : 0;
    return Math.max(0, entry.estimateBytes - shared);
}

/** A worker of the lane holding the fewest models and not `entry`'s key (live or being unloaded). */
export function freeWorker(entries: Iterable<ModelEntry>, lane: SchedulerLane, entry: ModelEntry): number | undefined {
    const all = [...entries];
    let best: { workerId: number; models: number } | undefined;
    for (const workerId of lane.workerIds) {
        let models = 0;
        let taken = false;
        for (const other of all) {
            for (const replica of other.replicas) {
                if (replica.lane !== lane || replica.workerId !== workerId) continue;
                models++;
                if (other.key === entry.key) taken = true;
            }
        }
        if (!taken && (!best || models < best.models)) best = { workerId, models };
    }
    return best?.workerId;
}
