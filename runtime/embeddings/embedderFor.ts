/**
 * @module embedderFor
 * Which embeddings path a handler's ctx offers: the control plane's service (cache and
 * micro-batches) where the handler runs on the control plane, else the warm model of the worker it
 * runs in (a function's `ctx.models.embed` on its own model).
 */
import type { FunctionContext } from "../functions/FunctionContext.js";
import { KettleError } from "../errors/KettleError.js";
import type { Embedder } from "./Embedder.js";
import { warmModelEmbedder } from "./warmModelEmbedder.js";

export function embedderFor(ctx: Pick<FunctionContext, "services" | "model">): Embedder {
    if (ctx.services) return ctx.services.embeddings;
    if (ctx.model) return warmModelEmbedder(ctx.model);
    throw new KettleError("no embeddings path: the handler has neither the control plane's services nor a warm model");
}
