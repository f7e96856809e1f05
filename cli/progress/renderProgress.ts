/**
 * @module renderProgress
 * Draws a pull's or push's progress on stderr. On a terminal: one bar per layer (cli-progress),
 * Ollama's look plus speed and time left, and the other statuses as lines above them. Elsewhere
 * (CI logs, pipes): plain lines only, each status once and each layer when it starts and ends.
 */
import { MultiBar, type SingleBar } from "cli-progress";
import type { ProgressResponse } from "../../runtime/ollama/types.js";
import { formatBytes } from "../format/formatBytes.js";
import { layerText, percent, TransferProgress, type LayerState, type ProgressEvent } from "./TransferProgress.js";

export type RenderOptions = {
    out?: NodeJS.WritableStream & { isTTY?: boolean };
    /** Defaults to whether `out` is a terminal. */
    tty?: boolean;
    now?: () => number;
};

const barWidth = 24;

export async function renderProgress(progress: AsyncIterable<ProgressResponse>, options: RenderOptions = {}): Promise<void> {
    const out = options.out ?? process.stderr;
    const state = new TransferProgress(options.now);
    const tty = options.tty ?? out.isTTY === true;
    const draw = tty ? barDrawer(out) : lineDrawer(out);
    try {
        for await (const line of progress) for (const event of state.update(line)) draw.event(event);
    } finally {
        draw.stop();
    }
}

type Drawer = { event(event: ProgressEvent): void; stop(): void };

/** The lines a non-terminal gets for one event (exported for tests). */
export function plainLines(event: ProgressEvent): string[] {
    switch (event.kind) {
        case "status":
            return [event.status];
        case "layer-start":
            return event.layer.completed >= event.layer.total
                ? [layerText(event.layer)]
                : [`${event.layer.label}: ${percent(event.layer)}% of ${formatBytes(event.layer.total)}`];
        case "layer-done":
            return event.layer.samples.length > 1 ? [layerText(event.layer)] : [];
        case "layer-update":
            return [];
    }
}

function lineDrawer(out: NodeJS.WritableStream): Drawer {
    return {
        event: (event) => {
            for (const line of plainLines(event)) out.write(`${line}\n`);
        },
        stop: () => undefined
    };
}

function barDrawer(out: NodeJS.WritableStream): Drawer {
    // Bars live in a MultiBar while layers move; a status line freezes them where they are and
    // prints below (cli-progress's own log() only shows up at the next redraw, so it would lose the last lines).
    let multibar: MultiBar | undefined;
    const bars = new Map<LayerState, SingleBar>();
    const text = (layer: LayerState) => {
        const filled = Math.round((percent(layer) / 100) * barWidth);
        return layerText(layer, `▕${"█".repeat(filled)}${" ".repeat(barWidth - filled)}▏`);
    };
    const freeze = () => {
        multibar?.stop();
        multibar = undefined;
        bars.clear();
    };
    return {
        event: (event) => {
            if (event.kind === "status") {
                freeze();
                out.write(`${event.status}\n`);
                return;
            }
            const layer = event.layer;
            multibar ??= new MultiBar(
                {
                    stream: out as NodeJS.WritableStream & NodeJS.WriteStream,
                    format: (_options, _params, payload: { text: string }) => payload.text,
                    hideCursor: true,
                    clearOnComplete: false,
                    stopOnComplete: false,
                    forceRedraw: true,
                    fps: 10
                },
                { barCompleteChar: "█", barIncompleteChar: " ", format: "" }
            );
            let bar = bars.get(layer);
            if (!bar) {
                bar = multibar.create(layer.total, layer.completed, { text: text(layer) });
                bars.set(layer, bar);
            }
            bar.update(layer.completed, { text: text(layer) });
        },
        stop: freeze
    };
}
