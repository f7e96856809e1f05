/**
 * @module responseEvents
 * The native chat stream as the Responses API's events, in OpenAI's order, each with its
 * `sequence_number`: `response.created` and `response.in_progress`; per output item
 * `response.output_item.added`, its parts and deltas (`reasoning_summary_*` for reasoning,
 * `content_part.*` and `output_text.*` for the message, `function_call_arguments.*` for a call), and
 * `response.output_item.done`; then `response.completed`, or `response.incomplete` when it stopped
 * at `max_output_tokens`. A failure after the start is `response.failed`. The last event's
 * `response` is the whole response object, which is also what a request without `stream` answers.
 */
import type { ChatResponse } from "../functions/Models.js";
import { errorMessage } from "../http/errorMessage.js";
import { newId } from "../openai/newId.js";
import type { FunctionCallItem, MessageItem, ReasoningItem, ResponseObject } from "./types.js";

export type ResponseEvent = { type: string; sequence_number: number } & Record<string, unknown>;

export const finalEventTypes = ["response.completed", "response.incomplete", "response.failed"];

export async function* responseEvents(chunks: AsyncIterable<ChatResponse>, response: ResponseObject): AsyncGenerator<ResponseEvent> {
    let sequence = 0;
    const event = (type: string, fields: Record<string, unknown>): ResponseEvent => ({ type, sequence_number: sequence++, ...fields });
    const snapshot = () => structuredClone(response);

    yield event("response.created", { response: snapshot() });
    yield event("response.in_progress", { response: snapshot() });

    let open: { item: MessageItem | ReasoningItem; index: number; text: string } | undefined;
    function* close(status: "completed" | "incomplete"): Generator<ResponseEvent> {
        if (!open) return;
        const { item, index: output_index, text } = open;
        open = undefined;
        if (item.type === "reasoning") {
            const part = { type: "summary_text" as const, text };
            yield event("response.reasoning_summary_text.done", { item_id: item.id, output_index, summary_index: 0, text });
            yield event("response.reasoning_summary_part.done", { item_id: item.id, output_index, summary_index: 0, part });
            item.summary = [part];
        } else {
            const part = { type: "output_text" as const, text, annotations: [] };
            yield event("response.output_text.done", { item_id: item.id, output_index, content_index: 0, text, logprobs: [] });
            yield event("response.content_part.done", { item_id: item.id, output_index, content_index: 0, part });
            item.content = [part];
        }
        item.status = status;
        yield event("response.output_item.done", { output_index, item: structuredClone(item) });
    }
    function* openItem(item: MessageItem | ReasoningItem): Generator<ResponseEvent> {
        const output_index = response.output.push(item) - 1;
        open = { item, index: output_index, text: "" };
        yield event("response.output_item.added", { output_index, item: structuredClone(item) });
        if (item.type === "reasoning") {
            yield event("response.reasoning_summary_part.added", {
                item_id: item.id,
                output_index,
                summary_index: 0,
                part: { type: "summary_text", text: "" }
            });
        } else {
            yield event("response.content_part.added", {
                item_id: item.id,
                output_index,
                content_index: 0,
                part: { type: "output_text", text: "", annotations: [] }
            });
        }
    }

    try {
        for await (const chunk of chunks) {
            const thinking = chunk.message?.thinking;
            if (thinking) {
                if (open?.item.type !== "reasoning") {
                    yield* close("completed");
                    yield* openItem({ type: "reasoning", id: newId("rs_"), summary: [], status: "in_progress" });
                }
                open!.text += thinking;
                yield event("response.reasoning_summary_text.delta", {
                    item_id: open!.item.id,
                    output_index: open!.index,
                    summary_index: 0,
                    delta: thinking
                });
            }
            const content = chunk.message?.content;
            if (content) {
                if (open?.item.type !== "message") {
                    yield* close("completed");
                    yield* openItem({ type: "message", id: newId("msg_"), role: "assistant", content: [], status: "in_progress" });
                }
                open!.text += content;
                yield event("response.output_text.delta", {
                    item_id: open!.item.id,
                    output_index: open!.index,
                    content_index: 0,
                    delta: content,
                    logprobs: []
                });
            }
            for (const call of chunk.message?.tool_calls ?? []) {
                yield* close("completed");
                const args = JSON.stringify(call.function.arguments ?? {});
                const item: FunctionCallItem = {
                    type: "function_call",
                    id: newId("fc_"),
                    call_id: call.id ?? newId("call_"),
                    name: call.function.name,
                    arguments: "",
                    status: "in_progress"
                };
                const output_index = response.output.push(item) - 1;
                yield event("response.output_item.added", { output_index, item: structuredClone(item) });
                yield event("response.function_call_arguments.delta", { item_id: item.id, output_index, delta: args });
                yield event("response.function_call_arguments.done", { item_id: item.id, output_index, arguments: args, name: item.name });
                item.arguments = args;
                item.status = "completed";
                yield event("response.output_item.done", { output_index, item: structuredClone(item) });
            }
            if (chunk.done) {
                const incomplete = chunk.done_reason === "length";
                if (response.output.length === 0)
                    yield* openItem({ type: "message", id: newId("msg_"), role: "assistant", content: [], status: "in_progress" });
                yield* close(incomplete ? "incomplete" : "completed");
                const input = chunk.prompt_eval_count ?? 0;
                const output = chunk.eval_count ?? 0;
                response.usage = {
                    input_tokens: input,
                    input_tokens_details: { cached_tokens: 0 },
                    output_tokens: output,
                    output_tokens_details: { reasoning_tokens: 0 },
                    total_tokens: input + output
                };
                response.status = incomplete ? "incomplete" : "completed";
                response.incomplete_details = incomplete ? { reason: "max_output_tokens" } : null;
                response.completed_at = Math.floor(Date.now() / 1000);
                yield event(incomplete ? "response.incomplete" : "response.completed", { response: snapshot() });
                return;
            }
        }
        throw new Error("the model's stream ended before its last chunk");
    } catch (error) {
        response.status = "failed";
        response.error = { code: "server_error", message: errorMessage(error) };
        yield event("response.failed", { response: snapshot() });
    }
}
