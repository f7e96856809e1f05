/**
 * @module TransferProgress
 * The state behind `kettle pull`/`push`'s progress display, kept apart from the drawing so it can
 * be tested with a fake clock: which layers there are, how far each is, and its speed over the
 * last few seconds (not since the first byte, so a resumed download does not look instantly fast
 * nor a stall look like progress) with the time left at that speed.
 */
import type { ProgressResponse } from "../../runtime/ollama/types.js";
import { formatBytes } from "../format/formatBytes.js";

export type LayerState = {
    /** `pulling 74701a8c35f6`, `pushing …`, `pulling model.gguf`. */
    label: string;
    total: number;
    completed: number;
    /** Recent (time, completed) samples, oldest first. */
    samples: { at: number; completed: number }[];
};

/** What one progress line changes, for a renderer to act on. */
export type ProgressEvent =
    | { kind: "status"; status: string }
    | { kind: "layer-start"; layer: LayerState }
    | { kind: "layer-update"; layer: LayerState }
    | { kind: "layer-done"; layer: LayerState };

const windowMs = 5000;

export class TransferProgress {
    readonly layers = new Map<string, LayerState>();
    readonly #statuses = new Set<string>();

    constructor(private readonly now: () => number = Date.now) {}

    /** Takes one line of the stream; answers what changed (nothing for a repeated status). */
    update(line: ProgressResponse): ProgressEvent[] {
        if (line.total === undefined) {
            if (this.#statuses.has(line.status)) return [];
            this.#statuses.add(line.status);
            return [{ kind: "status", status: line.status }];
        }
        const key = line.digest || line.status;
        const completed = Math.min(line.completed ?? 0, line.total);
        let layer = this.layers.get(key);
        const events: ProgressEvent[] = [];
        if (!layer) {
            layer = { label: line.status, total: line.total, completed, samples: [] };
            this.layers.set(key, layer);
            events.push({ kind: "layer-start", layer });
        } else if (layer.completed >= layer.total) {
            return []; // already reported complete
        }
        layer.total = line.total;
        layer.completed = completed;
        const at = this.now();
        layer.samples.push({ at, completed });
        while (layer.samples.length > 2 && at - layer.samples[0]!.at > windowMs) layer.samples.shift();
        events.push({ kind: completed >= line.total ? "layer-done" : "layer-update", layer });
        return events;
    }
}

/** Bytes per second over the recent samples; undefined until there is half a second of them. */
export function layerSpeed(layer: LayerState): number | undefined {
    const first = layer.samples[0];
    const last = layer.samples.at(-1);
    if (!first || !last || last.at - first.at < 500) return undefined;
    return ((last.completed - first.completed) * 1000) / (last.at - first.at);
}

/** Seconds left at the recent speed; undefined when unknown, Infinity when stalled. */
export function layerEta(layer: LayerState): number | undefined {
    const speed = layerSpeed(layer);
    if (speed === undefined) return undefined;
    const left = layer.total - layer.completed;
    if (left <= 0) return 0;
    return speed > 0 ? left / speed : Infinity;
}

/** `45s`, `3m20s`, `1h5m`. */
export function formatEta(seconds: number): string {
    if (!Number.isFinite(seconds)) return "stalled";
    const s = Math.ceil(seconds);
    if (s < 60) return `${s}s`;
    if (s < 3600) return `${Math.floor(s / 60)}m${s % 60}s`;
    return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

export function percent(layer: LayerState): number {
    return layer.total === 0 ? 100 : Math.floor((layer.completed / layer.total) * 100);
}

/** A layer's line without the bar: `pulling 74701a8c35f6: 100% 1.2 GB` once done, `…: 45% 534 MB/1.2 GB 21 MB/s 32s` while going. */
export function layerText(layer: LayerState, bar = ""): string {
    const head = `${layer.label}: ${String(percent(layer)).padStart(3)}%${bar ? ` ${bar}` : ""}`;
    if (layer.completed >= layer.total) return `${head} ${formatBytes(layer.total)}`;
    const speed = layerSpeed(layer);
    const eta = layerEta(layer);
    const rate = speed === undefined ? "" : `  ${formatBytes(speed)}/s`;
    const left = eta === undefined ? "" : `  ${formatEta(eta)}`;
    return `${head} ${formatBytes(layer.completed)}/${formatBytes(layer.total)}${rate}${left}`;
}
