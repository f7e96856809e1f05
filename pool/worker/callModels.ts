/**
 * @module callModels
 * `ctx.models` in a worker: every call goes to the server, which resolves and places it. Its answer
 * streams back as `call-response` messages, decoded by the one ResponseReceiver, or is `call-local`
 * when the model is the one this task holds warm here, which then runs in this thread (no second
 * slot, no hop for tokens).
 */
import { KettleError } from "../../runtime/errors/KettleError.js";
import { ModelCallError } from "../../runtime/errors/ModelCallError.js";
import type { ModelCall, ModelEndpoint } from "../../runtime/functions/Models.js";
import { errorStatus } from "../../runtime/http/errorStatus.js";
import type { CallReply, TaskMessage } from "../protocol/messages.js";
import { ResponseReceiver } from "../protocol/ResponseReceiver.js";

export type LocalCall = (endpoint: ModelEndpoint, body: Record<string, unknown>, signal: AbortSignal) => Promise<Response>;

/** The ModelCall of one task; `calls` routes the server's replies to it. */
export function callModels(
    post: (message: TaskMessage) => void,
    calls: Map<number, (reply: CallReply) => void>,
    local: LocalCall
): ModelCall {
    let nextCallId = 1;
    return (endpoint, body, signal) =>
        new Promise<Response>((resolve, reject) => {
            const callId = nextCallId++;
            const receiver = new ResponseReceiver({ onCancel: () => abort() });
            const done = () => {
                signal.removeEventListener("abort", abort);
                calls.delete(callId);
            };
            const abort = () => {
                post({ type: "call-abort", callId });
                done();
                receiver.fail(new KettleError("the model call was aborted"));
            };
            calls.set(callId, (reply) => {
                if (reply.type === "call-local") {
                    done();
                    local(endpoint, body, signal).then(resolve, reject);
                    return;
                }
                receiver.receive(reply.message);
                if (receiver.finished) done();
            });
            // The function sees a failed call as the API's status and message.
            receiver.response.then(resolve, (error: unknown) =>
                reject(
                    error instanceof ModelCallError
                        ? error
                        : new ModelCallError(errorStatus(error), error instanceof Error ? error.message : String(error))
                )
            );
            if (signal.aborted) return abort();
            signal.addEventListener("abort", abort, { once: true });
            post({ type: "call", callId, endpoint, body });
        });
}
