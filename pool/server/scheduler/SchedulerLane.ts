/**
 * @module SchedulerLane
 * What the scheduler needs of a lane: its device, its live workers, a way to unload a model from a
 * worker, and word of workers and the process coming and going. The real Lane implements it; the
 * scheduler's unit tests drive a fake one.
 */
import type { Device } from "../Device.js";

export interface SchedulerLane {
    readonly name: string;
    readonly device: Device;
    readonly workerIds: readonly number[];
    unload(workerId: number, key: string): void;
    on(event: "worker-exited" | "worker-created", listener: (workerId: number) => void): unknown;
    on(event: "exit" | "ready", listener: () => void): unknown;
}
