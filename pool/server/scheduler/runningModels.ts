/**
 * @module runningModels
 * The scheduler's entries as `/api/ps` shows them: every warm model, the one expiring last first,
 * with Kettle's lane, replica, slot and queue fields. A busy model expires its keep-alive after its
 * requests end; one being stopped reads as already expired.
 */
import type { RunningModel } from "../../../runtime/ollama/types.js";
import { busyOf, type ModelEntry } from "./ModelEntry.js";

/** Go's "forever": time.Duration(math.MaxInt64) from now, about 292 years. */
export const foreverMs = 292 * 365.25 * 24 * 3600 * 1000;

export function runningModels(entries: Iterable<ModelEntry>, now: number): RunningModel[] {
    return [...entries]
        .filter((entry) => entry.replicas.length > 0)
        .map((entry) => {
            const busy = busyOf(entry);
            const expiresAt = busy > 0 || entry.expiresAt === undefined ? now + remainingMs(entry) : entry.expiresAt;
            const reported = entry.replicas.reduce((sum, replica) => sum + replica.sizeBytes, 0);
            return {
                name: entry.definition.name,
                model: entry.definition.name,
                size: reported > 0 ? reported : entry.estimateBytes * entry.replicas.length,
                digest: entry.definition.digest,
                details: entry.definition.details,
                expires_at: new Date(Math.min(entry.stopping ? now - 1 : expiresAt, 8.64e15)).toISOString(),
                size_vram: entry.replicas.reduce((sum, replica) => sum + replica.vramBytes, 0),
                context_length: entry.load.contextSize,
                lane: [...new Set(entry.replicas.map((replica) => replica.lane.name))].join(","),
                replicas: entry.replicas.length,
                sequences_busy: busy,
                sequences_total: entry.replicas.length * entry.load.sequences,
                queue_depth: entry.queue.length
            };
        })
        .sort((a, b) => b.expires_at.localeCompare(a.expires_at));
}

function remainingMs(entry: ModelEntry): number {
    return Number.isFinite(entry.keepAliveMs) ? Math.max(entry.keepAliveMs, 0) : foreverMs;
}
