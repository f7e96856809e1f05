/**
 * @module affinityBalancer
 * Piscina load balancer that sends a task to the worker the scheduler chose (the one holding the
 * task's model warm), named by thread id in the task's queue options. Tasks without a choice go to
 * the least busy worker. A chosen worker that no longer exists gets nothing: the lane answers such
 * tasks itself, so they never wait forever.
 */
import { Piscina } from "piscina";

type PiscinaLoadBalancer = NonNullable<NonNullable<ConstructorParameters<typeof Piscina>[0]>["loadBalancer"]>;

/** Queue options carried by a task (read by the balancer, never sent to the worker). */
export type AffinityOptions = { workerId?: number };

export const affinityBalancer: PiscinaLoadBalancer = (task, workers) => {
    const options = (task as unknown as Record<symbol, AffinityOptions | null>)[Piscina.queueOptionsSymbol];
    if (options?.workerId !== undefined) {
        return workers.find((worker) => worker.id === options.workerId && !worker.terminating && !worker.destroyed) ?? null;
    }
    let best = null;
    for (const worker of workers) {
        if (worker.terminating || worker.destroyed) continue;
        if (!best || worker.currentUsage < best.currentUsage) best = worker;
    }
    return best;
};
