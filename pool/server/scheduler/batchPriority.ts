/**
 * @module batchPriority
 * How batch jobs' lines yield to interactive requests in the scheduler's queues: an interactive
 * waiter goes before every line, a line is served only while no interactive request waits for any
 * model (one may need this model's memory), and an interactive request that has to wait preempts
 * one running line of its model (the line's `onPreempt` stops it; its batch runs it again). While
 * interactive requests keep coming, lines leave each replica one sequence free, so the next one
 * starts at once instead of waiting for a preempted line to stop at the end of a decode step.
 */
import type { ModelEntry, Waiter } from "./ModelEntry.js";

/** How long after an interactive request for a model its batch lines keep a sequence free for the next (`batches.interactive_reserve`). */
export const defaultInteractiveReserveMs = 60_000;

/** How many of a replica's sequences batch lines may hold now, `reserveMs` after an interactive request keeping one free. */
export function batchSequences(entry: ModelEntry, now: number, reserveMs: number): number {
    const sequences = entry.load.sequences;
    const recent = entry.interactiveAt !== undefined && now - entry.interactiveAt < reserveMs;
    return recent && sequences > 1 ? sequences - 1 : sequences;
}

/** Queues a waiter: an interactive one before the first batch line, a line at the end. */
export function enqueueWaiter(entry: ModelEntry, waiter: Waiter): void {
    const firstBatch = waiter.batch ? -1 : entry.queue.findIndex((other) => other.batch);
    if (firstBatch >= 0) entry.queue.splice(firstBatch, 0, waiter);
    else entry.queue.push(waiter);
}

/** Interactive requests waiting, over all models (what `max_queue` limits). */
export function interactiveWaiting(entries: Iterable<ModelEntry>): number {
    let count = 0;
    for (const entry of entries) for (const waiter of entry.queue) if (!waiter.batch) count++;
    return count;
}

/** Whether a request may take a free sequence now, past those queued for its model. */
export function mayAdmit(entry: ModelEntry, batch: boolean, entries: Iterable<ModelEntry>): boolean {
    return batch ? entry.queue.length === 0 && interactiveWaiting(entries) === 0 : entry.queue.every((waiter) => waiter.batch);
}

/** Whether the queue's first waiter may be handed a freed sequence. */
export function mayServe(waiter: Waiter, entries: Iterable<ModelEntry>): boolean {
    return !waiter.batch || interactiveWaiting(entries) === 0;
}

/** Preempts the model's newest running lines until each interactive request waiting for it has one coming free. */
export function preemptFor(entry: ModelEntry): void {
    let waiting = entry.queue.filter((waiter) => !waiter.batch).length;
    for (const hold of entry.batchHolds) if (hold.preempted) waiting--;
    for (const hold of [...entry.batchHolds].reverse()) {
        if (waiting <= 0) return;
        if (hold.preempted) continue;
        hold.preempted = true;
        waiting--;
        hold.preempt();
    }
}
