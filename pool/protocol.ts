/**
 * @module protocol
 * Messages between the server process and a lane (over the child-process IPC channel, structured
 * clone), and between a lane and the worker running a task (over a MessagePort). A response
 * travels as `head`, then `chunk`s, then `end` or `error`, so nothing is buffered whole.
 */
import type { LoadOptions, ModelDefinition } from "../runtime/engine/types.js";

/** The request as the worker rebuilds it. */
export type SerializedRequest = {
    url: string;
    method: string;
    headers: [string, string][];
    body?: string;
};

export type InvokeTask = {
    kind: "invoke";
    /** Absolute path of the compiled function module. */
    file: string;
    exportName: string;
    request: SerializedRequest;
    params: Record<string, string | string[]>;
    body: unknown;
    model: { key: string; definition: ModelDefinition; load: LoadOptions };
};

export type UnloadTask = { kind: "unload"; key: string };

/** Sent to the worker over the task's port, and from the worker back. */
export type PortMessage =
    | { type: "head"; status: number; headers: [string, string][]; bytes?: Uint8Array }
    | { type: "chunk"; bytes: Uint8Array }
    | { type: "end" }
    | { type: "error"; message: string; status: number }
    | { type: "loaded"; sizeBytes: number; vramBytes: number; loadDurationNs: number }
    | { type: "load-failed"; message: string }
    | { type: "abort" };

export type ServerToLane =
    | { type: "invoke"; id: number; workerId: number; task: InvokeTask }
    | { type: "abort"; id: number }
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
