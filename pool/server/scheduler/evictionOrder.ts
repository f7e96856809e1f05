/**
 * @module evictionOrder
 * Which idle models to unload first when room is needed: least recently used first, those kept
 * forever last. Unlike Ollama's shortest-keep-alive-first rule, it never throws out the model a
 * client used a moment ago with a short keep_alive while keeping one nobody has touched for an hour.
 * A model serving requests, or with requests waiting, is never a candidate.
 */
import { busyOf, type ModelEntry } from "./ModelEntry.js";

export function evictionOrder(entries: Iterable<ModelEntry>, where: (entry: ModelEntry) => boolean, except: ModelEntry): ModelEntry[] {
    const idle = [...entries].filter(
        (entry) => entry !== except && entry.replicas.length > 0 && where(entry) && entry.queue.length === 0 && busyOf(entry) === 0
    );
    return idle.sort(
        (a, b) => Number(!Number.isFinite(a.keepAliveMs)) - Number(!Number.isFinite(b.keepAliveMs)) || a.lastUsed - b.lastUsed
    );
}
