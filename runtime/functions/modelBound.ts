/**
 * @module modelBound
 * Types a built-in that runs beside its warm model (one that exports a `model` binding): its handler
 * gets a context whose `model` is always there. The dispatcher guarantees it; the check only turns a
 * wiring mistake into a clear internal error instead of a crash deeper down.
 */
import type { WarmModel } from "../engine/types.js";
import type { FunctionContext, FunctionHandler } from "./FunctionContext.js";

export type ModelBoundContext = FunctionContext & { model: WarmModel };

export function modelBound(handler: (ctx: ModelBoundContext) => Response | Promise<Response>): FunctionHandler {
    return (ctx) => {
        if (!ctx.model) throw new Error("a model-bound function ran without its warm model");
        return handler(ctx as ModelBoundContext);
    };
}
