/**
 * @module laneMain
 * Entry point of a lane: a child process of the server hosting one Piscina pool. llama.cpp is native
 * code and can abort the whole process; running it here means such a crash takes down this lane
 * only, and the server replaces it. The server starts a lane per device (the CPU, or each pinned
 * GPU with CUDA_VISIBLE_DEVICES set), sends its settings first, then tasks.
 */
import { MessageChannel, type MessagePort } from "node:worker_threads";
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
    if (outbox.length === 0) return;
    const messages = outbox;
    outbox = [];
    process.send?.(messages.length === 1 ? messages[0] : ({ type: "batch", messages } satisfies LaneToServer));
}

/** After a timeout, how long a worker has to answer a ping before it is deemed stuck and replaced. */
const stuckGraceMs = 1000;

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
    /** Why a worker was terminated, for the requests it takes down with it (thread ids are never reused). */
    const terminated = new Map<number, string>();
    const currentIds = () => new Set(pool.threads.map((thread) => thread.threadId).filter((id) => id >= 0 && !terminated.has(id)));
    let alive = currentIds();
    /** Tasks in flight: their port, and the worker running them. */
    const tasks = new Map<number, { port: MessagePort; workerId: number }>();
    const busy = (workerId: number) => [...tasks.values()].filter((task) => task.workerId === workerId).length;
    /** Workers with a task past its timeout, not known to be responsive: new tasks avoid them. */
    const suspect = new Set<number>();
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

    /** Ends a worker whose event loop is stuck (a function in a synchronous loop); Piscina starts a new one. */
    const terminate = (workerId: number, why: string) => {
        const thread = pool.threads.find((worker) => worker.threadId === workerId);
        if (!thread) return;
        terminated.set(workerId, why);
        // The server forgets the worker's models now, before anyone can be sent to it again.
        alive.delete(workerId);
        send({ type: "worker-exited", workerId });
        flush();
        process.stderr.write(`kettle lane: terminating worker ${workerId}: ${why}\n`);
        void thread.terminate();
    };

    process.on("message", (message: ServerToLane) => {
        switch (message.type) {
            case "invoke": {
                const { id, task } = message;
                const reply = (response: PortMessage) => send({ type: "response", id, message: response });
                // A function that names no model goes to the least busy worker.
                const workerId =
                    message.workerId ?? [...alive].sort((a, b) => Number(suspect.has(a)) - Number(suspect.has(b)) || busy(a) - busy(b))[0];
                if (workerId === undefined || !alive.has(workerId)) {
                    reply({ type: "error", status: 500, message: "the worker holding this model has exited; please retry" });
                    return;
                }
                const { port1, port2 } = new MessageChannel();
                /** Set once the task is over for the server: done, failed, or timed out. */
                let finished = false;
                let timer: NodeJS.Timeout | undefined;
                let responsive = false;
                const finish = () => {
                    if (finished) return;
                    finished = true;
                    clearTimeout(timer);
                    tasks.delete(id);
                    reply({ type: "task-done" });
                    port1.close();
                };
                // The handler has `timeoutMs` to answer its head, counted once its model is loaded.
                const armTimeout = () => {
                    if (task.timeoutMs === undefined || !Number.isFinite(task.timeoutMs)) return;
                    timer = setTimeout(() => {
                        tasks.delete(id);
                        suspect.add(workerId);
                        reply({
                            type: "error",
                            status: 504,
                            message: `${task.route.label} timed out: no response after ${task.timeoutMs} ms`
                        });
                        port1.postMessage({ type: "abort" } satisfies PortMessage);
                        // A worker that cannot even answer a ping is stuck in synchronous code: replace it.
                        port1.postMessage({ type: "ping" } satisfies PortMessage);
                        setTimeout(() => {
                            if (!responsive) terminate(workerId, `${task.route.label} blocked its event loop past its timeout`);
                            suspect.delete(workerId);
                            finish();
                        }, stuckGraceMs);
                    }, task.timeoutMs);
                };
                port1.on("message", (response: PortMessage) => {
                    if (response.type === "pong") {
                        responsive = true;
                        suspect.delete(workerId);
                    }
                    // After a timeout the server has its answer; the rest is dropped.
                    if (!tasks.has(id) || response.type === "pong") return;
                    reply(response);
                    if (response.type === "loaded") armTimeout();
                    if (response.type === "head") clearTimeout(timer);
                });
                tasks.set(id, { port: port1, workerId });
                if (!task.model) armTimeout();
                const queueOptions: AffinityOptions = { workerId };
                // The port stays open until the task returns: `waitUntil` work may still call models after the response.
                pool.run({ ...task, port: port2, [Piscina.queueOptionsSymbol]: queueOptions }, { transferList: [port2] }).then(
                    () => {
                        responsive = true;
                        // Its last port messages may still be queued behind the result: let them through first.
                        setImmediate(finish);
                    },
                    (error: unknown) => {
                        // The worker died with the task in flight.
                        if (tasks.has(id)) {
                            const why = terminated.get(workerId);
                            reply({
                                type: "error",
                                status: 500,
                                message: why
                                    ? `the worker running this request was replaced: ${why}; please retry`
                                    : `worker failed: ${error instanceof Error ? error.message : String(error)}`
                            });
                        }
                        finish();
                    }
                );
                break;
            }
            case "abort":
                tasks.get(message.id)?.port.postMessage({ type: "abort" } satisfies PortMessage);
                break;
            case "call-reply": {
                const reply = message.message;
                if (reply.type !== "call-chunk") {
                    tasks.get(message.id)?.port.postMessage(reply);
                    break;
                }
                // Messages read in one IPC chunk may be views of one buffer: transferring that buffer
                // would empty the other views (two calls' chunks arriving together). Move a copy.
                const bytes = reply.bytes.slice();
                tasks.get(message.id)?.port.postMessage({ ...reply, bytes }, [bytes.buffer as ArrayBuffer]);
                break;
            }
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
