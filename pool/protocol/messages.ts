/**
 * @module messages
 * Messages between the server process and a lane (over the child-process IPC channel, structured
 * clone), and between a lane and the worker running a task (over a MessagePort). A task is one of
 * a few typed kinds ({@link LaneTask}); a response travels as `head`, `chunk`s, then `end` or
 * `failed` ({@link ResponseMessage}), so nothing is buffered whole. A function's `ctx.models` calls
 * travel the other way as `call`s, answered by `call-*` messages.
 */
import type { EmbedItem, LoadOptions, ModelDefinition } from "../../runtime/engine/types.js";
import type { ModelEndpoint } from "../../runtime/functions/Models.js";
import type { ModuleRef } from "../../runtime/functions/types.js";
import type { ModelUsage } from "../../runtime/metrics/ModelUsage.js";
import type { LogFormat } from "../../runtime/log/log.js";

/** The request as the worker rebuilds it; its body travels once, as bytes. */
export type SerializedRequest = {
    url: string;
    method: string;
    headers: [string, string][];
    body?: Uint8Array;
    /** The body is JSON: the worker parses it into `ctx.body` (an unparsable one reads undefined). */
    json: boolean;
};

/** The warm model a task runs beside. */
export type TaskModel = { key: string; definition: ModelDefinition; load: LoadOptions };

/** A route's handler to run in a worker. */
export type TaskRoute = {
    /** Source file, for messages. */
    file: string;
    /** The module to import. */
    module: string;
    exportName: string;
    middleware: ModuleRef[];
    /** How logs and errors name the route: `GET /hello (hello.ts)`. */
    label: string;
    /** A user's function: its thrown errors are answered with their message and logged with the stack. */
    user: boolean;
};

/** Run a route's handler (a built-in or a user's function) and stream its Response back. */
export type InvokeTask = {
    kind: "invoke";
    route: TaskRoute;
    request: SerializedRequest;
    params: Record<string, string | string[]>;
    env: Record<string, unknown>;
    /** The warm model the function runs beside; absent for a function that names none. */
    model?: TaskModel;
    /** Longest the handler may take to return its Response, in ms (the lane enforces it). */
    timeoutMs?: number;
    /** A batch job's line: its decode steps sit out while an interactive prompt is evaluated. */
    priority?: "batch";
};

/** Embed a batch the control plane gathered on the warm model; answered by one `embedded` message. */
export type EmbedTask = { kind: "embed"; model: TaskModel; items: EmbedItem[] };

/** Dispose a model the worker holds (sent by the scheduler; nobody waits for it). */
export type UnloadTask = { kind: "unload"; key: string };

/** A task the server sends to a lane, to be run by one of its workers. */
export type LaneTask = InvokeTask | EmbedTask;

/**
 * Why a task failed, as it crosses a process boundary: the server turns it back into a typed error
 * (WorkerCrashedError, FunctionTimeoutError, ModelLoadError, or one with the status the worker's
 * error mapped to).
 */
export type TaskFailure =
    | { kind: "crashed"; reason: string }
    | { kind: "timeout"; message: string }
    | { kind: "load-timeout"; model: string }
    | { kind: "error"; status: number; message: string };

/** A Response in pieces: the head carries the first bytes of the body (one hop less before the first token). */
export type ResponseMessage =
    | { type: "head"; status: number; headers: [string, string][]; bytes?: Uint8Array }
    | { type: "chunk"; bytes: Uint8Array }
    | { type: "end" }
    | { type: "failed"; failure: TaskFailure };

/** A `ctx.models` call from a function, relayed to the server. */
export type ModelCallMessage = { type: "call"; callId: number; endpoint: ModelEndpoint; body: Record<string, unknown> };

/** The server's answer to a call, relayed to the worker. */
export type CallReply =
    | { type: "call-response"; callId: number; message: ResponseMessage }
    /** The call is for the model the calling task already holds: run it in the worker itself. */
    | { type: "call-local"; callId: number };

/** From the worker running a task (relayed by the lane to the server), about that task. */
export type TaskMessage =
    | ResponseMessage
    | { type: "loaded"; sizeBytes: number; vramBytes: number; loadDurationNs: number }
    | { type: "load-failed"; message: string }
    /** A generation the task ran has ended: what it cost (for the metrics and the access line). */
    | { type: "usage"; usage: ModelUsage }
    /** An embed task's result, in the binary form of encodeEmbeddingBatch. */
    | { type: "embedded"; batch: Uint8Array }
    /** The task has returned: its response and its `waitUntil` work are over (sent by the lane). */
    | { type: "task-done" }
    | ModelCallMessage
    | { type: "call-abort"; callId: number };

/** From the lane to the worker, over the task's port. */
export type WorkerControl =
    | { type: "abort" }
    /** The lane asks whether the worker's event loop still runs (after a timeout); it answers pong. */
    | { type: "ping" }
    | CallReply;

/** Sent over a task's port in either direction. */
export type PortMessage = TaskMessage | WorkerControl | { type: "pong" };

/** What a lane process reports about itself when asked (`inspect`). */
export type LaneReport = {
    pid: number;
    /** libuv's thread-pool size as the process runs with it (llama.cpp's decodes run there). */
    uvThreadpoolSize: number;
};

export type ServerToLane =
    /** `workerId` undefined: any worker (the least busy) runs it. */
    | { type: "run"; id: number; workerId: number | undefined; task: LaneTask }
    | { type: "abort"; id: number }
    | { type: "call-reply"; id: number; message: CallReply }
    | { type: "unload"; workerId: number; key: string }
    | { type: "inspect"; id: number };

export type LaneToServer =
    | { type: "ready"; workerIds: number[] }
    | { type: "worker-created"; workerId: number }
    | { type: "worker-exited"; workerId: number }
    | { type: "task"; id: number; message: TaskMessage }
    | { type: "report"; id: number; report: LaneReport }
    | { type: "batch"; messages: LaneToServer[] };

/** Settings a lane process is started with (passed as its first IPC message). */
export type LaneSettings = {
    workers: number;
    gpu: "auto" | false;
    /** The server's log format, which the lane and its workers write in too. */
    logFormat?: LogFormat;
};
