/**
 * @module runInvoke
 * An `invoke` task: load its model first if this thread does not hold it (a function that names no
 * model skips that), rebuild the request, run the route's middleware and handler, and stream the
 * Response back over the task's port with the one encoder. `ctx.models` calls go to the server,
 * which places them. A handler that throws is answered in its route's API family: a user's function
 * with its message (its stack is logged), Kettle's typed errors with their status.
 */
import type { MessagePort } from "node:worker_threads";
import { KettleError } from "../../runtime/errors/KettleError.js";
import { createFunctionLog } from "../../runtime/functions/createFunctionLog.js";
import { createModels } from "../../runtime/functions/createModels.js";
import type { FunctionContext } from "../../runtime/functions/FunctionContext.js";
import { runHandler } from "../../runtime/functions/runHandler.js";
import { errorBody, errorResponse, type ErrorFamily } from "../../runtime/http/errorResponse.js";
import { jsonResponse } from "../../runtime/http/jsonResponse.js";
import type { CallReply, InvokeTask, PortMessage, TaskMessage, TaskRoute } from "../protocol/messages.js";
import { sendResponse } from "../protocol/sendResponse.js";
import { taskFailure } from "../protocol/taskFailure.js";
import { callModels } from "./callModels.js";
import type { ModelUsage } from "../../runtime/metrics/ModelUsage.js";
import { postToLane } from "./laneOutbox.js";
import { loadChain } from "./loadChain.js";
import { runLocally } from "./runLocally.js";
import { warmModelFor } from "./warmModels.js";

export async function runInvoke(task: InvokeTask & { port: MessagePort }): Promise<void> {
    const { port, route } = task;
    const post = (message: TaskMessage, transfer: ArrayBuffer[] = []) => postToLane(port, message, transfer);
    const controller = new AbortController();
    const calls = new Map<number, (reply: CallReply) => void>();
    port.on("message", (message: PortMessage) => {
        if (message.type === "abort") controller.abort();
        else if (message.type === "ping") port.postMessage({ type: "pong" } satisfies PortMessage);
        else if (message.type === "call-local" || message.type === "call-response") calls.get(message.callId)?.(message);
    });
    const pending: Promise<unknown>[] = [];
    const log = createFunctionLog(route.label);
    let family: ErrorFamily = "ollama";
    let response: Response;
    try {
        const warm = task.model ? await warmModelFor(task.model, port) : undefined;
        const chain = await loadChain(route, task.request.method);
        family = chain.errors;
        const { url, method, headers, body, json } = task.request;
        const request = new Request(url, {
            method,
            headers,
            ...(body !== undefined && method !== "GET" && method !== "HEAD" ? { body } : {})
        });
        // The first call to run here reports the load this task waited for; later ones found the model warm.
        let unreportedLoadNs = warm?.loadDurationNs ?? 0;
        const onUsage = (usage: ModelUsage) => post({ type: "usage", usage });
        const local = (endpoint: Parameters<typeof runLocally>[0], callBody: Record<string, unknown>, signal: AbortSignal) => {
            const model = warm!.engine.forRequest(unreportedLoadNs, "interactive", onUsage);
            unreportedLoadNs = 0;
            return runLocally(endpoint, callBody, { ...base, signal, model });
        };
        const base: Omit<FunctionContext, "next" | "data"> = {
            request,
            params: task.params,
            env: task.env,
            models: createModels(callModels(post, calls, local), controller.signal),
            log,
            signal: controller.signal,
            waitUntil: (promise) => void pending.push(Promise.resolve(promise).catch((error: unknown) => log.error("waitUntil:", error))),
            body: json && body !== undefined ? parseJson(body) : undefined,
            ...(warm ? { model: warm.engine.forRequest(warm.loadDurationNs, task.priority ?? "interactive", onUsage) } : {})
        };
        try {
            response = await runHandler(chain.steps, base);
        } catch (error) {
            response = failure(error, route, family, log);
        }
    } catch (error) {
        response = failure(error, route, family, log);
    }
    try {
        await sendResponse(response, post, {
            signal: controller.signal,
            // A body that fails midway: a user's function reads its own message, as when it throws.
            failure: (error) => {
                log.error(error);
                if (!route.user || error instanceof KettleError) return taskFailure(error, () => undefined);
                const message = error instanceof Error ? error.message : String(error);
                return { kind: "error", status: 500, message: `${route.label} failed: ${message}` };
            }
        });
    } finally {
        // The response is out; work handed to waitUntil still finishes (the port stays open for its model calls).
        if (pending.length > 0) await Promise.allSettled(pending);
        port.close();
    }
}

/** A failed handler's response: a user's function answers 500 with its message; Kettle's own typed errors keep theirs. */
function failure(error: unknown, route: TaskRoute, family: ErrorFamily, log: ReturnType<typeof createFunctionLog>): Response {
    if (!route.user || error instanceof KettleError) return errorResponse(error, undefined, family);
    log.error(error);
    const message = error instanceof Error ? error.message : String(error);
    return jsonResponse(errorBody(family, 500, `${route.label} failed: ${message}`), 500);
}

/** A JSON body, or undefined when it is not valid JSON (the function reads the request itself). */
function parseJson(bytes: Uint8Array): unknown {
    try {
        return JSON.parse(new TextDecoder().decode(bytes));
    } catch {
        return undefined;
    }
}
