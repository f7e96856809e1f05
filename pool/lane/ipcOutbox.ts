/**
 * @module ipcOutbox
 * The lane's channel to the server. Messages leave once per event-loop turn, together: the chunks of
 * every stream that one decode step produced cost one IPC write and one wake-up of the server
 * instead of one each.
 */
import type { LaneToServer } from "../protocol/messages.js";

let outbox: LaneToServer[] = [];

export function sendToServer(message: LaneToServer): void {
    outbox.push(message);
    if (outbox.length === 1) setImmediate(flushToServer);
}

/** Sends what is queued now (before a worker is terminated, so its exit is not overtaken). */
export function flushToServer(): void {
    if (outbox.length === 0) return;
    const messages = outbox;
    outbox = [];
    process.send?.(messages.length === 1 ? messages[0] : ({ type: "batch", messages } satisfies LaneToServer));
}
