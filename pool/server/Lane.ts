/**
 * @module Lane
 * The server's handle on a lane process: starts it, sends it tasks, turns each task's messages back
 * into its result (a streamed `Response`, an embeddings batch), and restarts the process when it
 * dies. Failures come back as typed errors: before a response begins they reject it, after it they
 * end its body with the API family's last error event. A dying lane fails only its in-flight tasks.
 */
import { fork, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { fileURLToPath } from "node:url";
import { KettleError } from "../../runtime/errors/KettleError.js";
import { ModelLoadTimeoutError } from "../../runtime/errors/ModelLoadTimeoutError.js";
import { WorkerCrashedError } from "../../runtime/errors/WorkerCrashedError.js";
import type { ErrorFamily } from "../../runtime/http/errorResponse.js";
import { streamErrorEvent } from "../../runtime/http/streamErrorEvent.js";
import { failureError } from "../protocol/failureError.js";
import type {
    CallReply,
    EmbedTask,
    InvokeTask,
    LaneReport,
    LaneSettings,
    LaneTask,
    LaneToServer,
    ModelCallMessage,
    ServerToLane,
    TaskMessage
} from "../protocol/messages.js";
import { ResponseReceiver } from "../protocol/ResponseReceiver.js";
import { log } from "../../runtime/log/log.js";
import type { UsageSink } from "../../runtime/metrics/ModelUsage.js";
import type { Device } from "./Device.js";
import { laneEnvironmentFor } from "./laneEnvironmentFor.js";

/** How the caller of a task follows it. */
export type TaskOptions = {
    signal?: AbortSignal;
    onLoaded?: (loaded: Extract<TaskMessage, { type: "loaded" }>) => void;
    onLoadFailed?: (reason: string) => void;
    /** A generation the task ran has ended, with what it cost. */
    onUsage?: UsageSink;
    /** Serves the function's `ctx.models` calls, each answered through its `reply`. */
    onCall?: (call: ModelCallMessage, reply: (message: CallReply) => void) => void;
    onCallAbort?: (callId: number) => void;
    /** The task is over, its `waitUntil` work too: only now is its model free again. */
    onDone: () => void;
    /** OLLAMA_LOAD_TIMEOUT: a model still not loaded after this long fails the task. */
    loadTimeoutMs?: number;
    /** The shape of the last error event of a response that fails after it began. */
    errors?: ErrorFamily;
};

type Pending = {
    options: TaskOptions;
    /** Fails the task's result with a typed error (before or after its response began). */
    fail(error: KettleError): void;
    /** A message about the task's result (response pieces, the embeddings batch). */
    receive(message: TaskMessage): void;
    loadTimer?: NodeJS.Timeout;
};

export type LaneEvents = {
    ready: [workerIds: number[]];
    "worker-created": [workerId: number];
    "worker-exited": [workerId: number];
    exit: [code: number | null, signal: NodeJS.Signals | null];
};

const laneEntry = fileURLToPath(new URL("../lane/laneMain.js", import.meta.url));

export class Lane extends EventEmitter<LaneEvents> {
    #child: ChildProcess | undefined;
    #pending = new Map<number, Pending>();
    #reports = new Map<number, (report: LaneReport) => void>();
    #nextId = 1;
    #closed = false;
    #workerIds: number[] = [];

    constructor(
        /** The device this lane's models run on. */
        readonly device: Device,
        private readonly settings: LaneSettings,
        /** The lane process's environment; by default the one its device gets. */
        private readonly env: NodeJS.ProcessEnv = laneEnvironmentFor(device)
    ) {
        super();
    }

    get name(): string {
        return this.device.id;
    }

    get pid(): number | undefined {
        return this.#child?.pid;
    }

    get workerIds(): readonly number[] {
        return this.#workerIds;
    }

    /** Whether its process runs and its workers are up (false while it restarts after a crash). */
    get up(): boolean {
        return this.#workerIds.length > 0 && this.#child?.connected === true;
    }

    /** Starts the process and resolves once its workers are up. */
    start(): Promise<number[]> {
        const child = fork(laneEntry, [], { serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"], env: this.env });
        this.#child = child;
        const ready = new Promise<number[]>((resolve, reject) => {
            const onExit = (code: number | null) => reject(new Error(`lane ${this.name} exited (code ${code}) before it was ready`));
            child.once("exit", onExit);
            child.once("message", (message: LaneToServer) => {
                child.off("exit", onExit);
                if (message.type === "ready") resolve(message.workerIds);
                else reject(new Error(`lane ${this.name} sent ${message.type} before ready`));
            });
        });
        child.send(this.settings);
        return ready.then((workerIds) => {
            this.#workerIds = workerIds;
            child.on("message", (message: LaneToServer) => this.#onMessage(message));
            child.once("exit", (code, signal) => this.#onExit(child, code, signal));
            this.emit("ready", workerIds);
            return workerIds;
        });
    }

    /**
     * Runs a route's handler on one worker (any, the least busy, when `workerId` is undefined);
     * resolves with its response as soon as the head arrives, rejects with a typed error before that.
     */
    invoke(workerId: number | undefined, task: InvokeTask, options: TaskOptions): Promise<Response> {
        const family = options.errors ?? "ollama";
        const id = this.#nextId++;
        const receiver = new ResponseReceiver({
            onCancel: () => this.#send({ type: "abort", id }),
            finalError: (error, contentType) => streamErrorEvent(family, contentType, error)
        });
        this.#run(id, workerId, task, options, {
            fail: (error) => receiver.fail(error),
            receive: (message) => {
                if (message.type === "head" || message.type === "chunk" || message.type === "end" || message.type === "failed") {
                    receiver.receive(message);
                }
            }
        });
        return receiver.response;
    }

    /** Embeds a batch on the worker holding the model; resolves with the encoded batch. */
    embed(workerId: number, task: EmbedTask, options: TaskOptions): Promise<Uint8Array> {
        return new Promise<Uint8Array>((resolve, reject) => {
            let settled = false;
            const settle = (result: Uint8Array | KettleError) => {
                if (settled) return;
                settled = true;
                if (result instanceof Uint8Array) resolve(result);
                else reject(result);
            };
            this.#run(this.#nextId++, workerId, task, options, {
                fail: settle,
                receive: (message) => {
                    if (message.type === "embedded") settle(message.batch);
                    else if (message.type === "failed") settle(failureError(message.failure));
                }
            });
        });
    }

    /** Asks the lane process about itself. */
    inspect(): Promise<LaneReport> {
        const id = this.#nextId++;
        return new Promise<LaneReport>((resolve, reject) => {
            if (!this.#child?.connected) return reject(new Error(`lane ${this.name} is not running`));
            this.#reports.set(id, resolve);
            this.#send({ type: "inspect", id });
        });
    }

    unload(workerId: number, key: string): void {
        this.#send({ type: "unload", workerId, key });
    }

    async close(): Promise<void> {
        this.#closed = true;
        const child = this.#child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.disconnect?.();
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
    }

    #run(id: number, workerId: number | undefined, task: LaneTask, options: TaskOptions, result: Omit<Pending, "options">): void {
        const pending: Pending = { options, ...result };
        this.#pending.set(id, pending);
        options.signal?.addEventListener("abort", () => this.#send({ type: "abort", id }), { once: true });
        const model = task.model;
        if (model && options.loadTimeoutMs !== undefined && Number.isFinite(options.loadTimeoutMs)) {
            pending.loadTimer = setTimeout(() => {
                this.#send({ type: "abort", id });
                pending.fail(new ModelLoadTimeoutError(model.definition.name));
            }, options.loadTimeoutMs);
        }
        try {
            this.#send({ type: "run", id, workerId, task });
        } catch (error) {
            // A task that cannot be sent (it does not serialise) never reaches a worker: it is over now.
            this.#pending.delete(id);
            clearTimeout(pending.loadTimer);
            pending.fail(
                new KettleError(
                    `the task could not be sent to lane ${this.name}: ${error instanceof Error ? error.message : String(error)}`
                )
            );
            options.onDone();
            return;
        }
        // Aborted before it was sent (a client gone, a batch line preempted while being placed): the listener above never fires.
        if (options.signal?.aborted) this.#send({ type: "abort", id });
    }

    #send(message: ServerToLane): void {
        if (this.#child?.connected) this.#child.send(message);
    }

    #onMessage(message: LaneToServer): void {
        switch (message.type) {
            case "worker-created":
                this.#workerIds = [...this.#workerIds, message.workerId];
                this.emit("worker-created", message.workerId);
                break;
            case "worker-exited":
                this.#workerIds = this.#workerIds.filter((id) => id !== message.workerId);
                this.emit("worker-exited", message.workerId);
                break;
            case "task":
                this.#onTaskMessage(message.id, message.message);
                break;
            case "report":
                this.#reports.get(message.id)?.(message.report);
                this.#reports.delete(message.id);
                break;
            case "batch":
                for (const item of message.messages) this.#onMessage(item);
                break;
            case "ready":
                break;
        }
    }

    #onTaskMessage(id: number, message: TaskMessage): void {
        const pending = this.#pending.get(id);
        if (!pending) return;
        const { options } = pending;
        switch (message.type) {
            case "loaded":
                clearTimeout(pending.loadTimer);
                options.onLoaded?.(message);
                break;
            case "load-failed":
                clearTimeout(pending.loadTimer);
                options.onLoadFailed?.(message.message);
                break;
            case "usage":
                options.onUsage?.(message.usage);
                break;
            case "task-done":
                this.#pending.delete(id);
                clearTimeout(pending.loadTimer);
                // A task that returned without answering (its worker's fault, never the client's).
                pending.fail(new KettleError("the function ended without a response"));
                options.onDone();
                break;
            case "call":
                options.onCall?.(message, (reply) => {
                    if (this.#pending.has(id)) this.#send({ type: "call-reply", id, message: reply });
                });
                break;
            case "call-abort":
                options.onCallAbort?.(message.callId);
                break;
            default:
                if (message.type === "end" || message.type === "failed" || message.type === "embedded") clearTimeout(pending.loadTimer);
                pending.receive(message);
        }
    }

    #onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
        if (child !== this.#child) return;
        const reason = signal ? `signal ${signal}` : `code ${code}`;
        for (const pending of this.#pending.values()) {
            clearTimeout(pending.loadTimer);
            pending.fail(
                new WorkerCrashedError(
                    `the model runner process (lane ${this.name}) exited unexpectedly (${reason}); it is being restarted, please retry`
                )
            );
            pending.options.onDone();
        }
        this.#pending.clear();
        this.#workerIds = [];
        this.emit("exit", code, signal);
        if (this.#closed) return;
        log().warn(`lane ${this.name} exited (${reason}); restarting it`);
        this.start().catch((error: unknown) => log().error(`could not restart lane ${this.name}: ${String(error)}`));
    }
}
