/**
 * @module laneMain
 * Entry point of a lane: a child process of the server hosting one Piscina pool. llama.cpp is native
 * code and can abort the whole process; running it here means such a crash takes down this lane
 * only, and the server replaces it. The server starts a lane per device (the CPU, or each pinned
 * GPU with CUDA_VISIBLE_DEVICES set), sends its settings first, then tasks.
 */
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import { affinityBalancer, type AffinityOptions } from "./affinityBalancer.js";
import type { LaneSettings, LaneToServer, PortMessage, ServerToLane } from "./protocol.js";

/**
 * Messages to the server leave once per event-loop turn, together: the chunks of every stream that
 * one decode step produced cost one IPC write and one wake-up of the server instead of one each.
 */
let outbox: LaneToServer[] = [];
const send = (message: LaneToServer) => {
    outbox.push(message);
    if (outbox.length === 1) setImmediate(flush);
};
function flush(): void {
    const messages = outbox;
    outbox = [];
    process.send?.(messages.length === 1 ? messages[0] : ({ type: "batch", messages } satisfies LaneToServer));
}

process.once("message", (settings: LaneSettings) => {
    const pool = new Piscina({
        filename: new URL("./worker.js", import.meta.url).href,
        minThreads: settings.workers,
        maxThreads: settings.workers,
        // Warm workers must never idle out while they hold models.
        idleTimeout: Number.POSITIVE_INFINITY,
        // A worker serves many requests at once: parallel slots of its models, loads, unloads.
        concurrentTasksPerWorker: 1024,
        // Keep the worker's event loop free between tasks (timers, streaming ports, native callbacks).
        atomics: "disabled",
        loadBalancer: affinityBalancer,
        workerData: { gpu: settings.gpu }
    });
    const currentIds = () => new Set(pool.threads.map((thread) => thread.threadId).filter((id) => id >= 0));
    let alive = currentIds();
    const aborts = new Map<number, () => void>();
    // A thread's id reads -1 once it has exited, and Piscina drops it from its list only after the
    // event, so the set of live workers is re-read on the next turn and compared.
    const syncWorkers = () =>
        setImmediate(() => {
            const now = currentIds();
            for (const id of alive) if (!now.has(id)) send({ type: "worker-exited", workerId: id });
            for (const id of now) if (!alive.has(id)) send({ type: "worker-created", workerId: id });
            alive = now;
        });
    pool.on("workerCreate", syncWorkers);
    pool.on("workerDestroy", syncWorkers);
    // Piscina reports a thread that exits on its own as an error; the pool replaces it.
    pool.on("error", (error: unknown) => process.stderr.write(`kettle lane: worker error: ${String(error)}\n`));

    process.on("message", (message: ServerToLane) => {
        switch (message.type) {
            case "invoke": {
                const { id, workerId, task } = message;
                const reply = (response: PortMessage) => send({ type: "response", id, message: response });
                if (!alive.has(workerId)) {
                    reply({ type: "error", status: 500, message: "the worker holding this model has exited; please retry" });
                    return;
                }
                const { port1, port2 } = new MessageChannel();
                let finished = false;
                const finish = () => {
                    finished = true;
                    aborts.delete(id);
                    port1.close();
                };
                // Close only after the last message: the task's own result can arrive before its port's messages.
                port1.on("message", (response: PortMessage) => {
                    reply(response);
                    if (response.type === "end" || response.type === "error") finish();
                });
                aborts.set(id, () => port1.postMessage({ type: "abort" } satisfies PortMessage));
                const queueOptions: AffinityOptions = { workerId };
                pool.run({ ...task, port: port2, [Piscina.queueOptionsSymbol]: queueOptions }, { transferList: [port2] }).catch(
                    (error: unknown) => {
                        if (finished) return;
                        // The worker died with the task in flight.
                        reply({
                            type: "error",
                            status: 500,
                            message: `worker failed: ${error instanceof Error ? error.message : String(error)}`
                        });
                        finish();
                    }
                );
                break;
            }
            case "abort":
                aborts.get(message.id)?.();
                break;
            case "unload":
                if (alive.has(message.workerId)) {
                    const queueOptions: AffinityOptions = { workerId: message.workerId };
                    pool.run({ kind: "unload", key: message.key, [Piscina.queueOptionsSymbol]: queueOptions }).catch(() => undefined);
                }
                break;
        }
    });
    // First and alone: the server reads the first message as the lane's readiness.
    process.send?.({ type: "ready", workerIds: [...alive] } satisfies LaneToServer);
});

// The server going away (or closing the channel) ends the lane.
process.on("disconnect", () => process.exit(0));
