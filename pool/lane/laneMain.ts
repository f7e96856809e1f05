/**
 * @module laneMain
 * Entry point of a lane: a child process of the server hosting one Piscina pool. llama.cpp is native
 * code and can abort the whole process; running it here means such a crash takes down this lane
 * only, and the server replaces it. The server starts a lane per device (the CPU, or each pinned
 * GPU with CUDA_VISIBLE_DEVICES set), sends its settings first, then tasks. The lane relays each
 * task's messages between its worker and the server, and enforces a function's timeout.
 */
import { log, setLogFormat } from "../../runtime/log/log.js";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { Piscina } from "piscina";
import { libuvThreadpoolSize } from "../../config/env.js";
import type { LaneSettings, LaneTask, PortMessage, ServerToLane, TaskFailure, TaskMessage, WorkerControl } from "../protocol/messages.js";
import { affinityBalancer, type AffinityOptions } from "./affinityBalancer.js";
import { flushToServer, sendToServer } from "./ipcOutbox.js";

/** After a timeout, how long a worker has to answer a ping before it is deemed stuck and replaced. */
const stuckGraceMs = 1000;

process.once("message", (settings: LaneSettings) => {
    setLogFormat(settings.logFormat ?? "text");
    const pool = new Piscina({
        filename: new URL("../worker/worker.js", import.meta.url).href,
        minThreads: settings.workers,
        maxThreads: settings.workers,
        // Warm workers must never idle out while they hold models.
        idleTimeout: Number.POSITIVE_INFINITY,
        // A worker serves many requests at once: parallel slots of its models, loads, unloads.
        concurrentTasksPerWorker: 1024,
        // Keep the worker's event loop free between tasks (timers, streaming ports, native callbacks).
        atomics: "disabled",
        loadBalancer: affinityBalancer,
        workerData: { gpu: settings.gpu, logFormat: settings.logFormat }
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
            for (const id of alive) if (!now.has(id)) sendToServer({ type: "worker-exited", workerId: id });
            for (const id of now) if (!alive.has(id)) sendToServer({ type: "worker-created", workerId: id });
            alive = now;
        });
    pool.on("workerCreate", syncWorkers);
    pool.on("workerDestroy", syncWorkers);
    // Piscina reports a thread that exits on its own as an error; the pool replaces it.
    pool.on("error", (error: unknown) => log().error(`lane: worker error: ${String(error)}`));

    /** Ends a worker whose event loop is stuck (a function in a synchronous loop); Piscina starts a new one. */
    const terminate = (workerId: number, why: string) => {
        const thread = pool.threads.find((worker) => worker.threadId === workerId);
        if (!thread) return;
        terminated.set(workerId, why);
        // The server forgets the worker's models now, before anyone can be sent to it again.
        alive.delete(workerId);
        sendToServer({ type: "worker-exited", workerId });
        flushToServer();
        log().warn(`lane: terminating worker ${workerId}: ${why}`);
        void thread.terminate();
    };

    const run = (id: number, requested: number | undefined, task: LaneTask) => {
        const reply = (message: TaskMessage) => sendToServer({ type: "task", id, message });
        const fail = (failure: TaskFailure) => reply({ type: "failed", failure });
        // A function that names no model goes to the least busy worker.
        const workerId = requested ?? [...alive].sort((a, b) => Number(suspect.has(a)) - Number(suspect.has(b)) || busy(a) - busy(b))[0];
        if (workerId === undefined || !alive.has(workerId)) {
            fail({ kind: "crashed", reason: "the worker holding this model has exited; please retry" });
            reply({ type: "task-done" });
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
        const timeoutMs = task.kind === "invoke" ? task.timeoutMs : undefined;
        // The handler has `timeoutMs` to answer its head, counted once its model is loaded.
        const armTimeout = () => {
            if (timeoutMs === undefined || !Number.isFinite(timeoutMs) || task.kind !== "invoke") return;
            timer = setTimeout(() => {
                tasks.delete(id);
                suspect.add(workerId);
                fail({ kind: "timeout", message: `${task.route.label} timed out: no response after ${timeoutMs} ms` });
                port1.postMessage({ type: "abort" } satisfies WorkerControl);
                // A worker that cannot even answer a ping is stuck in synchronous code: replace it.
                port1.postMessage({ type: "ping" } satisfies WorkerControl);
                setTimeout(() => {
                    if (!responsive) terminate(workerId, `${task.route.label} blocked its event loop past its timeout`);
                    suspect.delete(workerId);
                    finish();
                }, stuckGraceMs);
            }, timeoutMs);
        };
        port1.on("message", (message: PortMessage) => {
            if (message.type === "pong") {
                responsive = true;
                suspect.delete(workerId);
                return;
            }
            // After a timeout the server has its answer; the rest is dropped.
            if (!tasks.has(id)) return;
            reply(message as TaskMessage);
            if (message.type === "loaded") armTimeout();
            if (message.type === "head") clearTimeout(timer);
        });
        tasks.set(id, { port: port1, workerId });
        if (task.kind === "invoke" && !task.model) armTimeout();
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
                    fail({
                        kind: "crashed",
                        reason: why
                            ? `the worker running this request was replaced: ${why}; please retry`
                            : `worker failed: ${error instanceof Error ? error.message : String(error)}`
                    });
                }
                finish();
            }
        );
    };

    process.on("message", (message: ServerToLane) => {
        switch (message.type) {
            case "run":
                run(message.id, message.workerId, message.task);
                break;
            case "abort":
                tasks.get(message.id)?.port.postMessage({ type: "abort" } satisfies WorkerControl);
                break;
            case "call-reply": {
                const reply = message.message;
                if (reply.type !== "call-response" || (reply.message.type !== "head" && reply.message.type !== "chunk")) {
                    tasks.get(message.id)?.port.postMessage(reply);
                    break;
                }
                // Messages read in one IPC chunk may be views of one buffer: transferring that buffer
                // would empty the other views (two calls' chunks arriving together). Move a copy.
                const bytes = reply.message.bytes?.slice();
                const copy = { ...reply, message: { ...reply.message, ...(bytes ? { bytes } : {}) } };
                tasks.get(message.id)?.port.postMessage(copy, bytes ? [bytes.buffer as ArrayBuffer] : []);
                break;
            }
            case "unload":
                if (alive.has(message.workerId)) {
                    const queueOptions: AffinityOptions = { workerId: message.workerId };
                    pool.run({ kind: "unload", key: message.key, [Piscina.queueOptionsSymbol]: queueOptions }).catch(() => undefined);
                }
                break;
            case "inspect":
                sendToServer({ type: "report", id: message.id, report: { pid: process.pid, uvThreadpoolSize: libuvThreadpoolSize() } });
                break;
        }
    });
    // First and alone: the server reads the first message as the lane's readiness.
    process.send?.({ type: "ready", workerIds: [...alive] });
});

// The server going away (or closing the channel) ends the lane.
process.on("disconnect", () => process.exit(0));
