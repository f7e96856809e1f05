/**
 * @module armKeepAlive
 * Starts an idle model's keep-alive timer: it unloads the model when it fires. A keep-alive longer
 * than setTimeout can wait is re-armed until it is really due; an infinite one only sets the
 * reported expiry ("forever", as Ollama's ps shows it).
 */
import type { ModelEntry } from "./ModelEntry.js";
import { foreverMs } from "./runningModels.js";

/** setTimeout cannot wait longer than this. */
const maxTimerMs = 2 ** 31 - 1;

export function armKeepAlive(entry: ModelEntry, ms: number, now: () => number, expire: (entry: ModelEntry) => void): void {
    if (!Number.isFinite(ms)) {
        entry.expiresAt = now() + foreverMs;
        return;
    }
    entry.expiresAt = entry.expiresAt ?? now() + ms;
    const wait = Math.min(ms, maxTimerMs);
    entry.timer = setTimeout(() => {
        const left = (entry.expiresAt ?? 0) - now();
        if (left > 0 && wait === maxTimerMs) armKeepAlive(entry, left, now, expire);
        else expire(entry);
    }, wait);
    entry.timer.unref();
}
