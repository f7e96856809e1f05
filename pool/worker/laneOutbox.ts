/**
 * @module laneOutbox
 * A worker's messages to its lane, coalesced. A decode step yields one chunk per stream, each at a
 * different moment (a sequence's token is sampled and turned into text after another's), and each
 * post on its own would wake the lane's main thread, which would then write to the server once per
 * stream. Chunks wait here up to {@link chunkDelayMs} so that the step's chunks of every stream
 * leave together: one wake-up of the lane and one IPC write for all of them. Any other message
 * (head, end, a model call) goes at once, after the chunks queued before it, so order holds.
 */
import type { MessagePort } from "node:worker_threads";

/** How long a chunk may wait for the others of its decode step: short against a step, long against sampling a batch. */
export const chunkDelayMs = 1;

type Pending = { port: MessagePort; message: unknown; transfer: ArrayBuffer[] };

let pending: Pending[] = [];
let timer: NodeJS.Timeout | undefined;

export function postToLane(port: MessagePort, message: { type: string }, transfer: ArrayBuffer[] = []): void {
    if (message.type === "chunk") {
        pending.push({ port, message, transfer });
        timer ??= setTimeout(flushToLane, chunkDelayMs);
        return;
    }
    flushToLane();
    port.postMessage(message, transfer);
}

/** Posts every queued chunk now, in order. */
export function flushToLane(): void {
    clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const out = pending;
    pending = [];
    for (const { port, message, transfer } of out) port.postMessage(message, transfer);
}
