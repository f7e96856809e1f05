/**
 * @module toOllamaChatRequest
 * Translates a `/v1/chat/completions` body into the native `/api/chat` body, always streamed (the
 * adapter reads the NDJSON and writes OpenAI's JSON or SSE). Everything OpenAI-specific is checked
 * here, so a bad request is refused on the control plane before any model is loaded.
 */
import { BadRequestError } from "../errors/BadRequestError.js";
import { parseBody } from "../http/parseBody.js";
import { chatCompletionRequest, type ChatCompletionRequest } from "./chatCompletionRequest.js";
import { formatFromResponseFormat } from "./formatFromResponseFormat.js";
import { thinkFromReasoningEffort } from "./thinkFromReasoningEffort.js";
import { toOllamaMessages } from "./toOllamaMessages.js";
import { toOllamaOptions } from "./toOllamaOptions.js";
import { toOllamaTools } from "./toOllamaTools.js";

export type OllamaChatTranslation = {
    /** The OpenAI request, parsed. */
    openai: ChatCompletionRequest & { model: string };
    /** The native body for `/api/chat`. */
    ollama: Record<string, unknown> & { model: string; options: Record<string, unknown> };
};

export function toOllamaChatRequest(body: unknown): OllamaChatTranslation {
    const request = parseBody(chatCompletionRequest, body);
    if (!request.model) throw new BadRequestError("model is required");
    if (!request.messages?.length) throw new BadRequestError("[] is too short - 'messages'");
    if (request.n != null && request.n > 1) throw new BadRequestError("n > 1 is not supported");
    if (request.top_logprobs && !request.logprobs) throw new BadRequestError("top_logprobs requires logprobs to be true");

    const format = formatFromResponseFormat(request.response_format);
    // reasoning_effort wins over reasoning.effort when both are sent (Ollama reads it last too).
    const think =
        thinkFromReasoningEffort(request.reasoning_effort, "reasoning_effort") ??
        thinkFromReasoningEffort(request.reasoning?.effort, "reasoning.effort");
    const ollama = {
        model: request.model,
        messages: toOllamaMessages(request.messages),
        stream: true,
        options: toOllamaOptions({ ...request, maxTokens: request.max_completion_tokens ?? request.max_tokens }),
        ...toOllamaTools(request),
        ...(format !== undefined ? { format } : {}),
        ...(think !== undefined ? { think } : {}),
        ...(request.logprobs ? { logprobs: true, top_logprobs: request.top_logprobs ?? 0 } : {})
    };
    return { openai: { ...request, model: request.model }, ollama };
}
