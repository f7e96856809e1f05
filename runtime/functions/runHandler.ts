/**
 * @module runHandler
 * Runs one request through a route's middleware (outermost first) and its handler, Cloudflare
 * Pages style: each middleware gets `ctx.next()` to run the rest of the chain, and all of them
 * share `ctx.data`. What a handler returns becomes the Response: a Response as is, any other value
 * as JSON; nothing, or a value JSON cannot carry, is a FunctionResultError naming `where`.
 */
import { FunctionResultError } from "../errors/FunctionResultError.js";
import type { FunctionContext, Handler } from "./FunctionContext.js";

export type ChainStep = { handler: Handler; where: string };

export async function runHandler(steps: readonly ChainStep[], base: Omit<FunctionContext, "next" | "data">): Promise<Response> {
    const data: Record<string, unknown> = {};
    const run = async (index: number): Promise<Response> => {
        const step = steps[index];
        if (!step) throw new FunctionResultError("ctx.next() was called by the handler itself; there is nothing after it");
        let nextCalled = false;
        const ctx: FunctionContext = {
            ...base,
            data,
            next: () => {
                if (nextCalled) throw new FunctionResultError(`${step.where} called ctx.next() twice`);
                nextCalled = true;
                return run(index + 1);
            }
        };
        return toResponse(await step.handler(ctx), step.where);
    };
    return run(0);
}

/** A handler's return value as a Response. */
export function toResponse(value: unknown, where: string): Response {
    if (value instanceof Response) return value;
    if (value === undefined) {
        throw new FunctionResultError(`${where} returned nothing; return a Response or a JSON-serialisable value`);
    }
    let text: string | undefined;
    try {
        text = JSON.stringify(value);
    } catch (error) {
        throw new FunctionResultError(
            `${where} returned a value that cannot be sent as JSON (${error instanceof Error ? error.message : String(error)}); return a Response or a JSON-serialisable value`
        );
    }
    if (text === undefined) {
        throw new FunctionResultError(
            `${where} returned a ${typeof value}, which cannot be sent as JSON; return a Response or a JSON-serialisable value`
        );
    }
    return new Response(text, { headers: { "Content-Type": "application/json; charset=utf-8" } });
}
