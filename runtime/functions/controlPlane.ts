/**
 * @module controlPlane
 * Types a built-in that runs on the control plane (no `model` binding): its handler gets a context
 * whose `services` (the store, the scheduler's views, transfers) are always there. The dispatcher
 * guarantees it; the check only turns a wiring mistake into a clear internal error.
 */
import type { ControlPlaneServices, FunctionContext, FunctionHandler } from "./FunctionContext.js";

export type ControlPlaneContext = FunctionContext & { services: ControlPlaneServices };

export function controlPlane(handler: (ctx: ControlPlaneContext) => Response | Promise<Response>): FunctionHandler {
    return (ctx) => {
        if (!ctx.services) throw new Error("a control-plane function ran without the server's services");
        return handler(ctx as ControlPlaneContext);
    };
}
