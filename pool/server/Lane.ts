/**
 * @module Lane
 * The server's handle on a lane process: starts it, sends it tasks, turns the streamed messages of
 * each task back into a `Response`, and restarts the process when it dies. A dying lane fails only
 * its in-flight requests (500, or a final NDJSON error line when the response had already begun).
 */
import { fork, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { fileURLToPath } from "node:url";
import { errorBody, type ErrorFamily } from "../runtime/http/errorResponse.js";
import type { Device } from "./Device.js";
import { jsonResponse } from "../runtime/http/jsonResponse.js";
import type { CallReply, InvokeTask, LaneSettings, LaneToServer, ModelCallMessage, PortMessage, ServerToLane } from "./protocol.js";

type Pending = {
    settle: (response: Response) => void;
    stream?: ReadableStreamDefaultController<Uint8Array>;
    ndjson: boolean;
    errors: ErrorFamily;
    loadTimer?: NodeJS.Timeout;
    /** The reader cancelled the body (the client disconnected); later chunks are dropped. */
    cancelled?: boolean;
    /** The response is complete (ended or failed); the task may still run its waitUntil work. */
    responded?: boolean;
    onLoaded?: (loaded: Extract<PortMessage, { type: "loaded" }>) => void;
    onLoadFailed?: (reason: string) => void;
    onCall?: (call: ModelCallMessage, reply: (message: CallReply) => void) => void;
    onCallAbort?: (callId: number) => void;
    onDone: () => void;
};

export type LaneEvents = {
    ready: [workerIds: number[]];
    "worker-created": [workerId: number];
    "worker-exited": [workerId: number];
    exit: [code: number | null, signal: NodeJS.Signals | null];
};

const nullBodyStatuses = new Set([101, 204, 205, 304]);
const laneEntry = fileURLToPath(new URL("./laneMain.js", import.meta.url));

export class Lane extends EventEmitter<LaneEvents> {
    #child: ChildProcess | undefined;
    #pending = new Map<number, Pending>();
    #nextId = 1;
    #closed = false;
    #workerIds: number[] = [];

    constructor(
        /** The device this lane's models run on. */
        readonly device: Device,
        private readonly settings: LaneSettings,
        private readonly env?: NodeJS.ProcessEnv
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

    /** Starts the process and resolves once its workers are up. */
    start(): Promise<number[]> {
        const child = fork(laneEntry, [], {
            serialization: "advanced",
            stdio: ["ignore", "inherit", "inherit", "ipc"],
            ...(this.env ? { env: this.env } : {})
        });
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
     * Runs a task on one worker (any, the least busy, when `workerId` is undefined); resolves with the
     * response as soon as its head arrives. `onCall` serves the function's `ctx.models` calls, each
     * answered through its `reply`.
     */
    invoke(
        workerId: number | undefined,
        task: InvokeTask,
        options: {
            signal?: AbortSignal;
            onLoaded?: Pending["onLoaded"];
            onLoadFailed?: Pending["onLoadFailed"];
            onCall?: Pending["onCall"];
            onCallAbort?: Pending["onCallAbort"];
            onDone: () => void;
            loadTimeoutMs?: number;
            /** The error body shape for failures the lane itself reports (load timeout, a dead worker). */
            errors?: ErrorFamily;
        }
    ): Promise<Response> {
        const id = this.#nextId++;
        return new Promise<Response>((settle) => {
            const pending: Pending = {
                settle,
                ndjson: false,
                errors: options.errors ?? "ollama",
                onLoaded: options.onLoaded,
                onLoadFailed: options.onLoadFailed,
                onCall: options.onCall,
                onCallAbort: options.onCallAbort,
                onDone: options.onDone
            };
            this.#pending.set(id, pending);
            const abort = () => this.#send({ type: "abort", id });
            options.signal?.addEventListener("abort", abort, { once: true });
            // OLLAMA_LOAD_TIMEOUT: a model that is still not loaded after this long fails the request.
            const model = task.model;
            if (model && options.loadTimeoutMs !== undefined && Number.isFinite(options.loadTimeoutMs)) {
                pending.loadTimer = setTimeout(() => {
                    abort();
                    this.#fail(
                        pending,
                        `timed out waiting for model ${model.definition.name} to load (load_timeout / OLLAMA_LOAD_TIMEOUT)`,
                        500
                    );
                }, options.loadTimeoutMs);
            }
            this.#send({ type: "invoke", id, workerId, task });
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
            case "response":
                this.#onResponse(message.id, message.message);
                break;
            case "batch":
                for (const item of message.messages) this.#onMessage(item);
                break;
            case "ready":
                break;
        }
    }

    #onResponse(id: number, message: PortMessage): void {
        const pending = this.#pending.get(id);
        if (!pending) return;
        switch (message.type) {
            case "loaded":
                clearTimeout(pending.loadTimer);
                pending.onLoaded?.(message);
                break;
            case "load-failed":
                clearTimeout(pending.loadTimer);
                pending.onLoadFailed?.(message.message);
                break;
            case "head": {
                pending.ndjson = message.headers.some(([name, value]) => name.toLowerCase() === "content-type" && value.includes("ndjson"));
                if (nullBodyStatuses.has(message.status)) {
                    pending.settle(new Response(null, { status: message.status, headers: message.headers }));
                    break;
                }
                const body = new ReadableStream<Uint8Array>({
                    start: (controller) => {
                        pending.stream = controller;
                        if (message.bytes) controller.enqueue(message.bytes);
                    },
                    // The client went away: stop the generation in the worker, and drop what is still in flight.
                    cancel: () => {
                        pending.cancelled = true;
                        this.#send({ type: "abort", id });
                    }
                });
                pending.settle(new Response(body, { status: message.status, headers: message.headers }));
                break;
            }
            case "chunk":
                if (!pending.cancelled) pending.stream?.enqueue(message.bytes);
                break;
            case "end":
                this.#end(pending);
                break;
            case "error":
                this.#fail(pending, message.message, message.status);
                break;
            case "task-done":
                // The task is over (its waitUntil work too): only now is its model free again.
                this.#pending.delete(id);
                if (!pending.responded) this.#fail(pending, "the function ended without a response", 500);
                pending.onDone();
                break;
            case "call":
                pending.onCall?.(message, (reply) => {
                    if (this.#pending.has(id)) this.#send({ type: "call-reply", id, message: reply });
                });
                break;
            case "call-abort":
                pending.onCallAbort?.(message.callId);
                break;
            default:
                break;
        }
    }

    #end(pending: Pending): void {
        clearTimeout(pending.loadTimer);
        pending.responded = true;
        try {
            if (!pending.cancelled) pending.stream?.close();
        } catch {
            // already cancelled by the client
        }
    }

    /** Ends a response with an error: a JSON error response before the head, a final NDJSON line after. */
    #fail(pending: Pending, message: string, status: number): void {
        clearTimeout(pending.loadTimer);
        if (pending.responded) return;
        pending.responded = true;
        if (pending.cancelled) {
            // nobody is listening any more
        } else if (!pending.stream) {
            pending.settle(jsonResponse(errorBody(pending.errors, status, message), status));
        } else if (pending.ndjson) {
            try {
                pending.stream.enqueue(new TextEncoder().encode(JSON.stringify({ error: message }) + "\n"));
                pending.stream.close();
            } catch {
                // the client is gone
            }
        } else {
            try {
                pending.stream.error(new Error(message));
            } catch {
                // the client is gone
            }
        }
    }

    #onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
        if (child !== this.#child) return;
        const reason = signal ? `signal ${signal}` : `code ${code}`;
        for (const pending of this.#pending.values()) {
            this.#fail(
                pending,
                `the model runner process (lane ${this.name}) exited unexpectedly (${reason}); it is being restarted, please retry`,
                500
            );
            pending.onDone();
        }
        this.#pending.clear();
        this.#workerIds = [];
        this.emit("exit", code, signal);
        if (this.#closed) return;
        process.stderr.write(`kettle: lane ${this.name} exited (${reason}); restarting it\n`);
        this.start().catch((error: unknown) => process.stderr.write(`kettle: could not restart lane ${this.name}: ${String(error)}\n`));
    }
}
