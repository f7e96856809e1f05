/**
 * @module toOllamaGenerateRequest
 * Translates a legacy `/v1/completions` body into the native `/api/generate` body, always
 * streamed. The prompt is one string (a list holding one string is accepted); token arrays, `n`
 * or `best_of` above 1 and `echo` are refused with a 400.
 */
import { BadRequestError } from "../errors/BadRequestError.js";
import { parseBody } from "../http/parseBody.js";
import { completionRequest, type CompletionRequest } from "./completionRequest.js";
import { toOllamaOptions } from "./toOllamaOptions.js";

export type OllamaGenerateTranslation = {
    openai: CompletionRequest & { model: string };
    ollama: Record<string, unknown> & { model: string; prompt: string; options: Record<string, unknown> };
};

export function toOllamaGenerateRequest(body: unknown): OllamaGenerateTranslation {
    const request = parseBody(completionRequest, body);
    if (!request.model) throw new BadRequestError("model is required");
    if (request.n != null && request.n > 1) throw new BadRequestError("n > 1 is not supported");
    if (request.best_of != null && request.best_of > 1) throw new BadRequestError("best_of > 1 is not supported");
    if (request.echo) throw new BadRequestError("echo is not supported");
    const ollama = {
        model: request.model,
        prompt: promptOf(request.prompt),
        stream: true,
        options: toOllamaOptions({ ...request, maxTokens: request.max_tokens }),
        ...(request.suffix ? { suffix: request.suffix } : {}),
        ...(request.logprobs != null ? { logprobs: true, top_logprobs: request.logprobs } : {})
    };
    return { openai: { ...request, model: request.model }, ollama };
}

function promptOf(prompt: unknown): string {
    if (prompt === undefined || prompt === null) return "";
    if (typeof prompt === "string") return prompt;
    if (Array.isArray(prompt)) {
        if (prompt.length === 1 && typeof prompt[0] === "string") return prompt[0];
        if (prompt.every((item) => typeof item === "string")) {
            throw new BadRequestError(
                `prompt: a list must hold exactly one string (got ${prompt.length}); batches of prompts are not supported`
            );
        }
    }
    throw new BadRequestError("prompt must be a string (token arrays are not supported)");
}
