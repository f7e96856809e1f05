/**
 * @module protocol
 * Messages between the server process and a lane (over the child-process IPC channel, structured
 * clone), and between a lane and the worker running a task (over a MessagePort). A response
 * travels as `head`, then `chunk`s, then `end` or `error`, so nothing is buffered whole. A
 * function's `ctx.models` calls travel the other way as `call`s, answered by `call-*` messages.
 */
import type { LoadOptions, ModelDefinition } from "../runtime/engine/types.js";
import type { ModelEndpoint } from "../runtime/functions/Models.js";
import type { ModuleRef } from "../runtime/functions/types.js";

/** The request as the worker rebuilds it. */
export type SerializedRequest = {
    url: string;
    method: string;
    headers: [string, string][];
    body?: string | Uint8Array;
};

export type InvokeTask = {
    kind: "invoke";
    route: {
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
    request: SerializedRequest;
    params: Record<string, string | string[]>;
    body: unknown;
    env: Record<string, unknown>;
    /** The warm model the function runs beside; absent for a function that names none. */
    model?: { key: string; definition: ModelDefinition; load: LoadOptions };
    /** Longest the handler may take to return its Response, in ms (the lane enforces it). */
    timeoutMs?: number;
};

export type UnloadTask = { kind: "unload"; key: string };

/** A `ctx.models` call from a function, relayed to the server. */
export type ModelCallMessage = { type: "call"; callId: number; endpoint: ModelEndpoint; body: Record<string, unknown> };

/** The server's answer to a call, relayed to the worker. */
export type CallReply =
    | { type: "call-head"; callId: number; status: number; headers: [string, string][] }
    | { type: "call-chunk"; callId: number; bytes: Uint8Array }
    | { type: "call-end"; callId: number }
    /** The call is for the model the calling task already holds: run it in the worker itself. */
    | { type: "call-local"; callId: number };

/** Sent to the worker over the task's port, and from the worker back. */
export type PortMessage =
    | { type: "head"; status: number; headers: [string, string][]; bytes?: Uint8Array }
    | { type: "chunk"; bytes: Uint8Array }
    | { type: "end" }
    /** The task has returned: its response and its `waitUntil` work are over (sent by the lane). */
    | { type: "task-done" }
    | { type: "error"; message: string; status: number }
    | { type: "loaded"; sizeBytes: number; vramBytes: number; loadDurationNs: number }
    | { type: "load-failed"; message: string }
    | { type: "abort" }
    | ModelCallMessage
    | { type: "call-abort"; callId: number }
    | CallReply
    /** The lane asks whether the worker's event loop still runs (after a timeout); it answers pong. */
    | { type: "ping" }
    | { type: "pong" };

export type ServerToLane =
    /** `workerId` undefined: any worker (the least busy) runs it. */
    | { type: "invoke"; id: number; workerId: number | undefined; task: InvokeTask }
    | { type: "abort"; id: number }
    | { type: "call-reply"; id: number; message: CallReply }
    | { type: "unload"; workerId: number; key: string };

export type LaneToServer =
    | { type: "ready"; workerIds: number[] }
    | { type: "worker-created"; workerId: number }
    | { type: "worker-exited"; workerId: number }
    | { type: "response"; id: number; message: PortMessage }
    | { type: "batch"; messages: LaneToServer[] };

/** Settings a lane process is started with (passed as its first IPC message). */
export type LaneSettings = {
    workers: number;
    gpu: "auto" | false;
};
