/**
 * @module responseShell
 * A new response object for a request, before anything is generated (`status: "in_progress"`,
 * no output): the request's settings echoed back as OpenAI echoes them, its defaults filled in.
 */
import type { ResponsesRequest } from "./responsesRequest.js";
import type { ResponseObject } from "./types.js";

export function responseShell(request: ResponsesRequest, id: string, now: number = Date.now()): ResponseObject {
    return {
        id,
        object: "response",
        created_at: Math.floor(now / 1000),
        completed_at: null,
        status: "in_progress",
        error: null,
        incomplete_details: null,
        instructions: request.instructions ?? null,
        max_output_tokens: request.max_output_tokens ?? null,
        model: request.model,
        output: [],
        parallel_tool_calls: request.parallel_tool_calls ?? true,
        previous_response_id: request.previous_response_id ?? null,
        reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? null },
        store: request.store ?? true,
        temperature: request.temperature ?? 1,
        text: { format: request.text?.format ?? { type: "text" } },
        tool_choice: request.tool_choice ?? "auto",
        tools: (request.tools ?? []).map((tool) => ({
            type: tool.type,
            name: tool.name,
            description: tool.description ?? null,
            parameters: tool.parameters ?? null,
            strict: tool.strict ?? true
        })),
        top_p: request.top_p ?? 1,
        truncation: "disabled",
        usage: null,
        user: null,
        metadata: request.metadata ?? {}
    };
}
